package io.jthanos.promql.parser;

/**
 * Number literal values as Go's {@code strconv.ParseInt(s, 0, 64)} then {@code ParseFloat(s, 64)}
 * give them, which is what Prometheus does: {@code 0x1f} is hex, {@code 010} is octal 8,
 * {@code 1_000} is 1000.
 */
final class NumberSyntax {

    private NumberSyntax() {
    }

    /** @throws NumberFormatException with a Go-like message */
    static double parse(String s) {
        Long asInt = parseGoInt(s);
        if (asInt != null) {
            return asInt;
        }
        String plain = stripUnderscores(s);
        if (plain == null || plain.isEmpty() || plain.startsWith("0x") || plain.startsWith("0X")) {
            throw syntax(s);
        }
        for (int i = 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            if (!(Lexer.isDigit(c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
                throw syntax(s);
            }
        }
        double v;
        try {
            v = Double.parseDouble(plain);
        } catch (NumberFormatException e) {
            throw syntax(s);
        }
        if (Double.isInfinite(v)) {
            throw new NumberFormatException("strconv.ParseFloat: parsing " + GoStrings.quote(s) + ": value out of range");
        }
        return v;
    }

    private static NumberFormatException syntax(String s) {
        return new NumberFormatException("strconv.ParseFloat: parsing " + GoStrings.quote(s) + ": invalid syntax");
    }

    private static Long parseGoInt(String s) {
        String plain = stripUnderscores(s);
        if (plain == null || plain.isEmpty()) {
            return null;
        }
        int radix = 10;
        String digits = plain;
        if (plain.length() > 2 && plain.charAt(0) == '0' && (plain.charAt(1) == 'x' || plain.charAt(1) == 'X')) {
            radix = 16;
            digits = plain.substring(2);
        } else if (plain.length() > 1 && plain.charAt(0) == '0') {
            radix = 8;
            digits = plain.substring(1);
        }
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), radix) < 0) {
                return null;
            }
        }
        try {
            return Long.parseLong(digits, radix);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Removes underscores placed between digits (or after a base prefix); null if misplaced. */
    private static String stripUnderscores(String s) {
        if (s.indexOf('_') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '_') {
                boolean prevOk = i > 0 && (Character.digit(s.charAt(i - 1), 16) >= 0 || s.charAt(i - 1) == 'x' || s.charAt(i - 1) == 'X');
                boolean nextOk = i + 1 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0;
                if (!prevOk || !nextOk) {
                    return null;
                }
                continue;
            }
            b.append(c);
        }
        return b.toString();
    }
}
