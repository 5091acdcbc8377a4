package io.jthanos.promql.parser;

import io.jthanos.model.GoFloat;

/**
 * String and number formatting with Go's conventions ({@code strconv.Quote}, {@code %q},
 * {@code FormatFloat(v, 'f', -1, 64)}), so printed queries and error messages match Prometheus.
 */
public final class GoStrings {

    private GoStrings() {
    }

    /** Go's {@code strconv.Quote}: double-quoted with Go escapes for non-printable characters. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2);
        b.append('"');
        appendEscaped(b, s, '"');
        b.append('"');
        return b.toString();
    }

    /** Go's {@code %q} of a single rune: single-quoted. */
    static String quoteRune(int r) {
        StringBuilder b = new StringBuilder();
        b.append('\'');
        appendEscaped(b, new String(Character.toChars(r)), '\'');
        b.append('\'');
        return b.toString();
    }

    /** Go's {@code %U}: {@code U+0063}. */
    /** Go's {@code %#U}: {@code U+0071 'q'}, the character only when printable. */
    static String unicodeName(int r) {
        String code = String.format("U+%04X", r);
        return isPrintable(r) ? code + " '" + new String(Character.toChars(r)) + "'" : code;
    }

    private static void appendEscaped(StringBuilder b, String s, char quote) {
        for (int i = 0; i < s.length(); ) {
            int r = s.codePointAt(i);
            i += Character.charCount(r);
            if (r == quote || r == '\\') {
                b.append('\\').appendCodePoint(r);
                continue;
            }
            if (isRawByte(r)) {
                b.append(String.format("\\x%02x", r & 0xff));
                continue;
            }
            if (isPrintable(r)) {
                b.appendCodePoint(r);
                continue;
            }
            switch (r) {
                case 0x07 -> b.append("\\a");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case 0x0b -> b.append("\\v");
                default -> {
                    if (r < ' ' || r == 0x7f) {
                        b.append(String.format("\\x%02x", r));
                    } else if (r < 0x10000) {
                        b.append(String.format("\\u%04x", r));
                    } else {
                        b.append(String.format("\\U%08x", r));
                    }
                }
            }
        }
    }

    private static boolean isPrintable(int r) {
        if (r < ' ' || r == 0x7f) {
            return false;
        }
        if (r < 0x7f) {
            return true;
        }
        if (Character.isISOControl(r) || !Character.isDefined(r) || Character.isSurrogate((char) Math.min(r, 0xffff))) {
            return false;
        }
        int type = Character.getType(r);
        return type != Character.FORMAT && type != Character.PRIVATE_USE && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR && (type != Character.SPACE_SEPARATOR || r == ' ');
    }

    /** Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: {@link GoFloat#formatF}. */
    public static String formatFloat(double v) {
        return GoFloat.formatF(v);
    }

    /**
     * Unquotes a PromQL string literal (double-quoted, single-quoted or backtick raw string) with
     * Go's escape rules.
     *
     * @throws IllegalArgumentException with Go's {@code invalid syntax} message when malformed
     */
    public static String unquote(String s) {
        int n = s.length();
        if (n < 2) {
            throw new IllegalArgumentException("invalid syntax");
        }
        char q = s.charAt(0);
        if (q != s.charAt(n - 1)) {
            throw new IllegalArgumentException("invalid syntax");
        }
        String body = s.substring(1, n - 1);
        if (q == '`') {
            if (body.indexOf('`') >= 0) {
                throw new IllegalArgumentException("invalid syntax");
            }
            return body.replace("\r", "");
        }
        if (q != '"' && q != '\'') {
            throw new IllegalArgumentException("invalid syntax");
        }
        if (body.indexOf('\\') < 0 && body.indexOf(q) < 0 && body.indexOf('\n') < 0) {
            return body;
        }
        StringBuilder out = new StringBuilder(body.length());
        java.io.ByteArrayOutputStream bytes = null;
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == q || c == '\n') {
                throw new IllegalArgumentException("invalid syntax");
            }
            if (c != '\\') {
                flushBytes(out, bytes);
                bytes = null;
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= body.length()) {
                throw new IllegalArgumentException("invalid syntax");
            }
            char e = body.charAt(i + 1);
            i += 2;
            if (e != 'x' && (e < '0' || e > '7')) {
                flushBytes(out, bytes);
                bytes = null;
            }
            switch (e) {
                case 'a' -> out.append((char) 7);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append((char) 0x0b);
                case '\\' -> out.append('\\');
                case '\'', '"' -> {
                    if (e != q) {
                        throw new IllegalArgumentException("invalid syntax");
                    }
                    out.append(e);
                }
                case 'x', '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    int value;
                    if (e == 'x') {
                        value = parseDigits(body, i, 2, 16);
                        i += 2;
                    } else {
                        value = parseDigits(body, i - 1, 3, 8);
                        i += 2;
                        if (value > 255) {
                            throw new IllegalArgumentException("invalid syntax");
                        }
                    }
                    // \x and octal escapes are raw bytes; collect them so multi-byte UTF-8 decodes.
                    if (bytes == null) {
                        bytes = new java.io.ByteArrayOutputStream();
                    }
                    bytes.write(value);
                    continue;
                }
                case 'u', 'U' -> {
                    int len = e == 'u' ? 4 : 8;
                    int value = parseDigits(body, i, len, 16);
                    i += len;
                    if (value > 0x10FFFF || (value >= 0xD800 && value < 0xE000)) {
                        throw new IllegalArgumentException("invalid syntax");
                    }
                    out.appendCodePoint(value);
                }
                default -> throw new IllegalArgumentException("invalid syntax");
            }
        }
        flushBytes(out, bytes);
        return out.toString();
    }

    private static void flushBytes(StringBuilder out, java.io.ByteArrayOutputStream bytes) {
        if (bytes != null && bytes.size() > 0) {
            appendUtf8(out, bytes.toByteArray());
            bytes.reset();
        }
    }

    /**
     * Decodes UTF-8 as Go's {@code range} over a string does, except that a byte that does not start a valid
     * sequence becomes the lone surrogate {@code U+DC00 | byte} ({@link #isRawByte}), so that an invalid
     * string survives (Python's "surrogateescape"): Prometheus keeps such strings as bytes, refuses them as
     * label names, and prints them with {@code \x} escapes.
     */
    private static void appendUtf8(StringBuilder out, byte[] b) {
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xff;
            int need;
            int min;
            int cp;
            if (c < 0x80) {
                out.append((char) c);
                i++;
                continue;
            } else if (c >= 0xc2 && c <= 0xdf) {
                need = 1;
                min = 0x80;
                cp = c & 0x1f;
            } else if (c >= 0xe0 && c <= 0xef) {
                need = 2;
                min = 0x800;
                cp = c & 0x0f;
            } else if (c >= 0xf0 && c <= 0xf4) {
                need = 3;
                min = 0x10000;
                cp = c & 0x07;
            } else {
                out.append((char) (0xdc00 | c));
                i++;
                continue;
            }
            int k = 1;
            while (k <= need && i + k < b.length && (b[i + k] & 0xc0) == 0x80) {
                cp = cp << 6 | (b[i + k] & 0x3f);
                k++;
            }
            if (k <= need || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) {
                out.append((char) (0xdc00 | c));
                i++;
                continue;
            }
            out.appendCodePoint(cp);
            i += need + 1;
        }
    }

    /** Whether {@code c} stands for a byte of invalid UTF-8 that a string literal's escapes produced. */
    static boolean isRawByte(int c) {
        return c >= 0xdc80 && c <= 0xdcff;
    }

    /**
     * Prometheus's {@code model.LabelName.IsValid} under its default UTF-8 name validation: not empty, and valid
     * UTF-8 (no byte that {@link #unquote} could not decode).
     */
    public static boolean isValidLabelName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static int parseDigits(String s, int from, int count, int radix) {
        if (from + count > s.length()) {
            throw new IllegalArgumentException("invalid syntax");
        }
        int v = 0;
        for (int k = 0; k < count; k++) {
            int d = Character.digit(s.charAt(from + k), radix);
            if (d < 0) {
                throw new IllegalArgumentException("invalid syntax");
            }
            v = v * radix + d;
        }
        return v;
    }
}
