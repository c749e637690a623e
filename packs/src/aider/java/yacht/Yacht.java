public final class Yacht {
    public enum Category {
        ONES, TWOS, THREES, FOURS, FIVES, SIXES,
        FULL_HOUSE, FOUR_OF_A_KIND, LITTLE_STRAIGHT, BIG_STRAIGHT, CHOICE, YACHT
    }

    private Yacht() {}

    public static int score(int[] dice, Category category) {
        throw new UnsupportedOperationException("not implemented");
    }
}
