import java.util.ArrayList;
import java.util.List;

public final class SpiralMatrix {
    private SpiralMatrix() {}

    public static int[][] of(int n) {
        if (n < 0) throw new IllegalArgumentException("size must not be negative");
        int[][] m = new int[n][n];
        int[] flat = new int[n * n];
        for (int i = 0; i < flat.length; i++) flat[i] = i + 1;
        int top = 0, bottom = n - 1, left = 0, right = n - 1, k = 0;
        while (k < flat.length) {
            for (int c = left; c <= right && k < flat.length; c++) m[top][c] = flat[k++];
            for (int r = top + 1; r <= bottom && k < flat.length; r++) m[r][right] = flat[k++];
            for (int c = right - 1; c >= left && k < flat.length; c--) m[bottom][c] = flat[k++];
            for (int r = bottom - 1; r > top && k < flat.length; r--) m[r][left] = flat[k++];
            top++;
            bottom--;
            left++;
            right--;
        }
        return m;
    }

    public static int[] unroll(int[][] matrix) {
        List<Integer> out = new ArrayList<>();
        int rows = matrix.length, cols = rows == 0 ? 0 : matrix[0].length;
        int top = 0, bottom = rows - 1, left = 0, right = cols - 1;
        while (top <= bottom && left <= right) {
            for (int c = left; c <= right; c++) out.add(matrix[top][c]);
            for (int r = top + 1; r <= bottom; r++) out.add(matrix[r][right]);
            for (int c = right - 1; c >= left; c--) out.add(matrix[bottom][c]);
            for (int r = bottom - 1; r > top; r--) out.add(matrix[r][left]);
            top++;
            bottom--;
            left++;
            right--;
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
