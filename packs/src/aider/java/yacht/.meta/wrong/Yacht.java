import java.util.Arrays;

public final class Yacht {
    public enum Category {
        ONES, TWOS, THREES, FOURS, FIVES, SIXES,
        FULL_HOUSE, FOUR_OF_A_KIND, LITTLE_STRAIGHT, BIG_STRAIGHT, CHOICE, YACHT
    }

    private Yacht() {}

    public static int score(int[] dice, Category category) {
        if (dice.length != 5) throw new IllegalArgumentException("five dice are needed");
        int[] sorted = dice.clone();
        Arrays.sort(sorted);
        if (sorted[0] < 1 || sorted[4] > 6) throw new IllegalArgumentException("a die shows 1 to 6");
        int sum = Arrays.stream(sorted).sum();
        switch (category) {
            case FULL_HOUSE:
                boolean a = sorted[0] == sorted[2] && sorted[3] == sorted[4];
                boolean b = sorted[0] == sorted[1] && sorted[2] == sorted[4];
                return a || b ? sum : 0;
            case FOUR_OF_A_KIND:
                return sorted[0] == sorted[3] || sorted[1] == sorted[4] ? 4 * sorted[2] : 0;
            case LITTLE_STRAIGHT:
                return Arrays.equals(sorted, new int[] {1, 2, 3, 4, 5}) ? 30 : 0;
            case BIG_STRAIGHT:
                return Arrays.equals(sorted, new int[] {2, 3, 4, 5, 6}) ? 30 : 0;
            case CHOICE:
                return sum;
            case YACHT:
                return sorted[0] == sorted[4] ? 50 : 0;
            default:
                int face = category.ordinal() + 1;
                return (int) Arrays.stream(sorted).filter(d -> d == face).count() * face;
        }
    }
}
