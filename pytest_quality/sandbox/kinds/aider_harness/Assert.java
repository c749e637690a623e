package pq;

import java.util.Arrays;
import java.util.Objects;

/** JUnit-like assertions; a failure is an AssertionError with a readable message. */
public final class Assert {
    private Assert() {}

    public interface Executable { void run() throws Throwable; }

    static String show(Object value) {
        if (value instanceof String) return "\"" + value + "\"";
        if (value instanceof Object[]) return Arrays.deepToString((Object[]) value);
        if (value instanceof int[]) return Arrays.toString((int[]) value);
        if (value instanceof long[]) return Arrays.toString((long[]) value);
        if (value instanceof double[]) return Arrays.toString((double[]) value);
        if (value instanceof char[]) return Arrays.toString((char[]) value);
        if (value instanceof boolean[]) return Arrays.toString((boolean[]) value);
        return String.valueOf(value);
    }

    public static void fail(String message) { throw new AssertionError(message); }

    public static void assertEquals(Object expected, Object actual) {
        if (!Objects.deepEquals(expected, actual)) fail("expected " + show(expected) + " but was " + show(actual));
    }

    public static void assertEquals(long expected, long actual) {
        if (expected != actual) fail("expected " + expected + " but was " + actual);
    }

    public static void assertEquals(double expected, double actual, double delta) {
        if (!(Math.abs(expected - actual) <= delta)) fail("expected " + expected + " +/- " + delta + " but was " + actual);
    }

    public static void assertArrayEquals(int[] expected, int[] actual) { assertEquals((Object) expected, (Object) actual); }

    public static void assertTrue(boolean condition) { if (!condition) fail("expected true but was false"); }

    public static void assertFalse(boolean condition) { if (condition) fail("expected false but was true"); }

    public static void assertNull(Object value) { if (value != null) fail("expected null but was " + show(value)); }

    public static <T extends Throwable> T assertThrows(Class<T> type, Executable body) {
        try {
            body.run();
        } catch (Throwable thrown) {
            if (type.isInstance(thrown)) return type.cast(thrown);
            fail("expected " + type.getSimpleName() + " but " + thrown + " was thrown");
        }
        fail("expected " + type.getSimpleName() + " to be thrown, but nothing was thrown");
        return null;
    }
}
