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
        if (c.pos != c.text.length()) {
            throw new IllegalArgumentException("unexpected '" + c.text.charAt(c.pos) + "' at " + c.pos);
        }
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

    private long expression() {
        long value = term();
        while (true) {
            if (accept('+')) value += term();
            else if (accept('-')) value -= term();
            else return value;
        }
    }

    private long term() {
        long value = factor();
        while (true) {
            if (accept('*')) {
                value *= factor();
            } else if (accept('/')) {
                long divisor = factor();
                if (divisor == 0) throw new ArithmeticException("division by zero");
                value /= divisor;
            } else {
                return value;
            }
        }
    }

    private long factor() {
        if (accept('-')) return -factor();
        if (accept('(')) {
            long value = expression();
            if (!accept(')')) throw new IllegalArgumentException("missing ) at " + pos);
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
