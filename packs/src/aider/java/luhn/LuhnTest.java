import pq.Test;

import static pq.Assert.*;

public class LuhnTest {
    @Test public void singleDigitIsInvalid() {
        assertFalse(Luhn.isValid("1"));
        assertFalse(Luhn.isValid("0"));
        assertFalse(Luhn.isValid(" 0 "));
    }

    @Test public void shortValidNumbers() {
        assertTrue(Luhn.isValid("059"));
        assertTrue(Luhn.isValid("59"));
        assertTrue(Luhn.isValid("00"));
        assertTrue(Luhn.isValid("091"));
    }

    @Test public void longerNumbers() {
        assertTrue(Luhn.isValid("4111 1111 1111 1111"));
        assertTrue(Luhn.isValid("802 117 341"));
        assertTrue(Luhn.isValid("1234 5678 9012 3452"));
        assertFalse(Luhn.isValid("4111 1111 1111 1112"));
        assertFalse(Luhn.isValid("802 117 342"));
        assertFalse(Luhn.isValid("3141 5926 5358 9793"));
        assertTrue(Luhn.isValid("9999999999 9999999999 9999999999 9999999999"));
    }

    @Test public void digitsAboveNineAfterDoubling() {
        assertTrue(Luhn.isValid("091"));
        assertTrue(Luhn.isValid("7 5"));
        assertTrue(Luhn.isValid("18"));
        assertFalse(Luhn.isValid("8 1"));
    }

    @Test public void otherCharactersAreInvalid() {
        assertFalse(Luhn.isValid("802a 117 341"));
        assertFalse(Luhn.isValid("802-117-341"));
        assertFalse(Luhn.isValid(":9"));
        assertFalse(Luhn.isValid("59%59"));
        assertFalse(Luhn.isValid("0\t59"));
    }

    @Test public void onlySpacesOrEmpty() {
        assertFalse(Luhn.isValid(""));
        assertFalse(Luhn.isValid("    "));
    }
}
