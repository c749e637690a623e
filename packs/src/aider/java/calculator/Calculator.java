public final class Calculator {
    private Calculator() {}

    public static long evaluate(String expression) {
        throw new UnsupportedOperationException("not implemented");
    }
}
