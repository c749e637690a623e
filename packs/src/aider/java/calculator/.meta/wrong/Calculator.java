public final class Calculator {
    private final String text;
    private int pos;

    private Calculator(String text) {
        this.text = text;
    }

    public static long evaluate(String expression) {
        Calculator c = new Calculator(expression);
        long value = c.expression();
        c.skipSpaces();
        if (c.pos != c.text.length()) throw new IllegalArgumentException("trailing input at " + c.pos);
        return value;
    }

    private void skipSpaces() {
        while (pos < text.length() && text.charAt(pos) == ' ') pos++;
    }

    private boolean accept(char op) {
        skipSpaces();
        if (pos < text.length() && text.charAt(pos) == op) {
            pos++;
            return true;
        }
        return false;
    }

    // expression := term (('+' | '-') expression)?
    private long expression() {
        long value = term();
        if (accept('+')) return value + expression();
        if (accept('-')) return value - expression();
        return value;
    }

    // term := factor (('*' | '/') term)?
    private long term() {
        long value = factor();
        if (accept('*')) return value * term();
        if (accept('/')) {
            long divisor = term();
            if (divisor == 0) throw new ArithmeticException("division by zero");
            return value / divisor;
        }
        return value;
    }

    private long factor() {
        if (accept('-')) return -factor();
        if (accept('(')) {
            long value = expression();
            if (!accept(')')) throw new IllegalArgumentException("missing )");
            return value;
        }
        skipSpaces();
        if (pos >= text.length() || !Character.isDigit(text.charAt(pos))) {
            throw new IllegalArgumentException("expected a number at " + pos);
        }
        long value = 0;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            value = value * 10 + (text.charAt(pos++) - '0');
        }
        return value;
    }
}
