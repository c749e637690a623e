public final class Calculator {
    private final String text;
    private int pos;

    private Calculator(String text) {
        this.text = text;
    }

    public static long evaluate(String expression) {
        Calculator c = new Calculator(expression);
        return c.expression();
    }

    private void skipSpaces() {
        while (pos < text.length() && text.charAt(pos) == ' ') pos++;
    }

    private long expression() {
        long value = term();
        while (true) {
            skipSpaces();
            if (pos < text.length() && text.charAt(pos) == '+') {
                pos++;
                value += term();
            } else if (pos < text.length() && text.charAt(pos) == '-') {
                pos++;
                value -= term();
            } else {
                return value;
            }
        }
    }

    private long term() {
        long value = factor();
        while (true) {
            skipSpaces();
            if (pos < text.length() && text.charAt(pos) == '*') {
                pos++;
                value *= factor();
            } else if (pos < text.length() && text.charAt(pos) == '/') {
                pos++;
                long divisor = factor();
                if (divisor == 0) throw new ArithmeticException("division by zero");
                value /= divisor;
            } else {
                return value;
            }
        }
    }

    private long factor() {
        skipSpaces();
        if (pos >= text.length()) throw new IllegalArgumentException("missing operand");
        char c = text.charAt(pos);
        if (c == '-') {
            pos++;
            return -factor();
        }
        if (c == '(') {
            pos++;
            long value = expression();
            skipSpaces();
            if (pos >= text.length() || text.charAt(pos) != ')') throw new IllegalArgumentException("missing )");
            pos++;
            return value;
        }
        if (!Character.isDigit(c)) throw new IllegalArgumentException("unexpected " + c);
        long value = 0;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            value = value * 10 + (text.charAt(pos++) - '0');
        }
        return value;
    }
}
