public final class Luhn {
    private Luhn() {}

    /** True when the number passes the Luhn check. */
    public static boolean isValid(String number) {
        String digits = number.replace(" ", "");
        if (digits.length() < 2) return false;
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (!Character.isDigit(c)) return false;
            int d = c - '0';
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}
