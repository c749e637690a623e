public final class Yacht {
    public enum Category {
        ONES, TWOS, THREES, FOURS, FIVES, SIXES,
        FULL_HOUSE, FOUR_OF_A_KIND, LITTLE_STRAIGHT, BIG_STRAIGHT, CHOICE, YACHT
    }

    private Yacht() {}

    public static int score(int[] dice, Category category) {
        if (dice == null || dice.length != 5) throw new IllegalArgumentException("five dice are needed");
        int[] counts = new int[7];
        int sum = 0;
        for (int d : dice) {
            if (d < 1 || d > 6) throw new IllegalArgumentException("a die shows 1 to 6");
            counts[d]++;
            sum += d;
        }
        switch (category) {
            case FULL_HOUSE: {
                boolean three = false, two = false;
                for (int c : counts) {
                    if (c == 3) three = true;
                    if (c == 2) two = true;
                }
                return three && two ? sum : 0;
            }
            case FOUR_OF_A_KIND:
                for (int face = 1; face <= 6; face++) if (counts[face] >= 4) return 4 * face;
                return 0;
            case LITTLE_STRAIGHT:
                return counts[1] == 1 && counts[2] == 1 && counts[3] == 1 && counts[4] == 1 && counts[5] == 1 ? 30 : 0;
            case BIG_STRAIGHT:
                return counts[2] == 1 && counts[3] == 1 && counts[4] == 1 && counts[5] == 1 && counts[6] == 1 ? 30 : 0;
            case CHOICE:
                return sum;
            case YACHT:
                for (int c : counts) if (c == 5) return 50;
                return 0;
            default: {
                int face = category.ordinal() + 1;
                return face * counts[face];
            }
        }
    }
}
