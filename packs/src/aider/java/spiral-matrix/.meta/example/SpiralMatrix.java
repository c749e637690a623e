public final class SpiralMatrix {
    private SpiralMatrix() {}

    public static int[][] of(int n) {
        if (n < 0) throw new IllegalArgumentException("size must not be negative");
        int[][] m = new int[n][n];
        int top = 0, bottom = n - 1, left = 0, right = n - 1, k = 1;
        while (top <= bottom && left <= right) {
            for (int c = left; c <= right; c++) m[top][c] = k++;
            for (int r = top + 1; r <= bottom; r++) m[r][right] = k++;
            if (top < bottom) for (int c = right - 1; c >= left; c--) m[bottom][c] = k++;
            if (left < right) for (int r = bottom - 1; r > top; r--) m[r][left] = k++;
            top++;
            bottom--;
            left++;
            right--;
        }
        return m;
    }

    public static int[] unroll(int[][] matrix) {
        int rows = matrix.length, cols = rows == 0 ? 0 : matrix[0].length;
        int[] out = new int[rows * cols];
        int top = 0, bottom = rows - 1, left = 0, right = cols - 1, k = 0;
        while (top <= bottom && left <= right) {
            for (int c = left; c <= right; c++) out[k++] = matrix[top][c];
            for (int r = top + 1; r <= bottom; r++) out[k++] = matrix[r][right];
            if (top < bottom) for (int c = right - 1; c >= left; c--) out[k++] = matrix[bottom][c];
            if (left < right) for (int r = bottom - 1; r > top; r--) out[k++] = matrix[r][left];
            top++;
            bottom--;
            left++;
            right--;
        }
        return out;
    }
}
