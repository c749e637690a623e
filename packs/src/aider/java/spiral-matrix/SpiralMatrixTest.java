import pq.Test;

import static pq.Assert.*;

public class SpiralMatrixTest {
    @Test public void smallSpirals() {
        assertEquals(new int[0][0], SpiralMatrix.of(0));
        assertEquals(new int[][] {{1}}, SpiralMatrix.of(1));
        assertEquals(new int[][] {{1, 2}, {4, 3}}, SpiralMatrix.of(2));
        assertEquals(new int[][] {{1, 2, 3}, {8, 9, 4}, {7, 6, 5}}, SpiralMatrix.of(3));
    }

    @Test public void fourByFour() {
        assertEquals(new int[][] {{1, 2, 3, 4}, {12, 13, 14, 5}, {11, 16, 15, 6}, {10, 9, 8, 7}}, SpiralMatrix.of(4));
    }

    @Test public void negativeSizeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SpiralMatrix.of(-1));
    }

    @Test public void unrollRectangles() {
        assertArrayEquals(new int[] {1, 2, 3, 4, 8, 12, 11, 10, 9, 5, 6, 7},
                SpiralMatrix.unroll(new int[][] {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}}));
        assertArrayEquals(new int[] {1, 2, 3, 6, 5, 4}, SpiralMatrix.unroll(new int[][] {{1, 2, 3}, {4, 5, 6}}));
        assertArrayEquals(new int[] {1, 2, 4, 6, 5, 3}, SpiralMatrix.unroll(new int[][] {{1, 2}, {3, 4}, {5, 6}}));
    }

    @Test public void unrollSingleRowAndColumn() {
        assertArrayEquals(new int[] {1, 2, 3}, SpiralMatrix.unroll(new int[][] {{1, 2, 3}}));
        assertArrayEquals(new int[] {1, 2, 3}, SpiralMatrix.unroll(new int[][] {{1}, {2}, {3}}));
        assertArrayEquals(new int[] {7}, SpiralMatrix.unroll(new int[][] {{7}}));
    }

    @Test public void unrollEmpty() {
        assertArrayEquals(new int[0], SpiralMatrix.unroll(new int[0][0]));
        assertArrayEquals(new int[0], SpiralMatrix.unroll(new int[][] {{}, {}}));
    }

    @Test public void unrollOfSpiralCountsUp() {
        int[] expected = new int[25];
        for (int i = 0; i < 25; i++) expected[i] = i + 1;
        assertArrayEquals(expected, SpiralMatrix.unroll(SpiralMatrix.of(5)));
    }
}
