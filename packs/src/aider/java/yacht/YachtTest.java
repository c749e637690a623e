import pq.Test;

import static pq.Assert.*;

public class YachtTest {
    private static int score(Yacht.Category category, int... dice) {
        return Yacht.score(dice, category);
    }

    @Test public void numberCategories() {
        assertEquals(3, score(Yacht.Category.ONES, 1, 1, 1, 3, 5));
        assertEquals(12, score(Yacht.Category.FOURS, 4, 4, 1, 4, 2));
        assertEquals(0, score(Yacht.Category.SIXES, 1, 2, 3, 4, 5));
        assertEquals(30, score(Yacht.Category.SIXES, 6, 6, 6, 6, 6));
    }

    @Test public void fullHouse() {
        assertEquals(16, score(Yacht.Category.FULL_HOUSE, 2, 2, 4, 4, 4));
        assertEquals(19, score(Yacht.Category.FULL_HOUSE, 5, 3, 3, 5, 3));
        assertEquals(0, score(Yacht.Category.FULL_HOUSE, 2, 2, 4, 4, 5));
        assertEquals(0, score(Yacht.Category.FULL_HOUSE, 1, 4, 4, 4, 4));
        assertEquals(0, score(Yacht.Category.FULL_HOUSE, 2, 2, 2, 2, 2));
    }

    @Test public void fourOfAKind() {
        assertEquals(24, score(Yacht.Category.FOUR_OF_A_KIND, 6, 6, 4, 6, 6));
        assertEquals(12, score(Yacht.Category.FOUR_OF_A_KIND, 3, 3, 3, 3, 3));
        assertEquals(0, score(Yacht.Category.FOUR_OF_A_KIND, 3, 3, 3, 5, 5));
    }

    @Test public void straights() {
        assertEquals(30, score(Yacht.Category.LITTLE_STRAIGHT, 3, 5, 4, 1, 2));
        assertEquals(0, score(Yacht.Category.LITTLE_STRAIGHT, 1, 1, 2, 3, 4));
        assertEquals(0, score(Yacht.Category.LITTLE_STRAIGHT, 2, 3, 4, 5, 6));
        assertEquals(30, score(Yacht.Category.BIG_STRAIGHT, 4, 6, 2, 5, 3));
        assertEquals(0, score(Yacht.Category.BIG_STRAIGHT, 6, 5, 4, 3, 1));
    }

    @Test public void choiceAndYacht() {
        assertEquals(23, score(Yacht.Category.CHOICE, 3, 3, 5, 6, 6));
        assertEquals(50, score(Yacht.Category.YACHT, 4, 4, 4, 4, 4));
        assertEquals(0, score(Yacht.Category.YACHT, 4, 4, 4, 4, 3));
    }

    @Test public void invalidDice() {
        assertThrows(IllegalArgumentException.class, () -> score(Yacht.Category.CHOICE, 1, 2, 3, 4));
        assertThrows(IllegalArgumentException.class, () -> score(Yacht.Category.CHOICE, 1, 2, 3, 4, 5, 6));
        assertThrows(IllegalArgumentException.class, () -> score(Yacht.Category.ONES, 1, 2, 3, 4, 7));
        assertThrows(IllegalArgumentException.class, () -> score(Yacht.Category.YACHT, 0, 0, 0, 0, 0));
    }
}
