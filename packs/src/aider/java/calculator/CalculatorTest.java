import pq.Test;

import static pq.Assert.*;

public class CalculatorTest {
    @Test public void simpleSums() {
        assertEquals(3L, Calculator.evaluate("1 + 2"));
        assertEquals(42L, Calculator.evaluate("  42 "));
        assertEquals(123456789000L, Calculator.evaluate("123456789 * 1000"));
    }

    @Test public void precedence() {
        assertEquals(14L, Calculator.evaluate("2 + 3 * 4"));
        assertEquals(20L, Calculator.evaluate("(2 + 3) * 4"));
        assertEquals(4L, Calculator.evaluate("2 * (3 + (4 - 1)) / 3"));
        assertEquals(1L, Calculator.evaluate("((1))"));
    }

    @Test public void leftAssociativity() {
        assertEquals(3L, Calculator.evaluate("8 - 3 - 2"));
        assertEquals(2L, Calculator.evaluate("100 / 10 / 5"));
        assertEquals(6L, Calculator.evaluate("10 - 2 - 3 + 1"));
        assertEquals(8L, Calculator.evaluate("12 / 3 * 2"));
    }

    @Test public void unaryMinus() {
        assertEquals(2L, Calculator.evaluate("-3 + 5"));
        assertEquals(-6L, Calculator.evaluate("2 * -3"));
        assertEquals(-5L, Calculator.evaluate("-(2 + 3)"));
        assertEquals(4L, Calculator.evaluate("--4"));
        assertEquals(-1L, Calculator.evaluate("1 - -(-2)"));
    }

    @Test public void truncatingDivision() {
        assertEquals(3L, Calculator.evaluate("7 / 2"));
        assertEquals(-3L, Calculator.evaluate("-7 / 2"));
        assertEquals(-3L, Calculator.evaluate("7 / -2"));
    }

    @Test public void divisionByZero() {
        assertThrows(ArithmeticException.class, () -> Calculator.evaluate("1 / 0"));
        assertThrows(ArithmeticException.class, () -> Calculator.evaluate("5 / (2 - 2)"));
    }

    @Test public void malformedExpressions() {
        for (String bad : new String[] {"", "   ", "1 +", "(1 + 2", "1 + 2)", "1 2", "3 $ 4", "()", "* 2", "2 (3)"}) {
            try {
                Calculator.evaluate(bad);
                fail("expected IllegalArgumentException for \"" + bad + "\"");
            } catch (IllegalArgumentException expected) {
                // good
            }
        }
    }
}
