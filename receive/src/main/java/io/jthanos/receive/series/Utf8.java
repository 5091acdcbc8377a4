package io.jthanos.receive.series;

/**
 * Strict UTF-8 validation, as protobuf requires of {@code string} fields: no overlong forms, no
 * surrogates (U+D800–U+DFFF), nothing above U+10FFFF, no truncated sequences.
 */
final class Utf8 {
    private Utf8() {}

    /** Whether {@code buf[from, to)} is valid UTF-8. */
    static boolean isValid(byte[] buf, int from, int to) {
        int i = from;
        while (i < to) {
            int b = buf[i++] & 0xFF;
            if (b < 0x80) {
                continue;
            }
            if (b < 0xC2) { // continuation byte first, or an overlong two-byte form
                return false;
            }
            if (b < 0xE0) {
                if (i >= to || !continuation(buf[i++])) {
                    return false;
                }
            } else if (b < 0xF0) {
                if (to - i < 2) {
                    return false;
                }
                int b1 = buf[i++] & 0xFF;
                if (!continuation(b1) || (b == 0xE0 && b1 < 0xA0) || (b == 0xED && b1 >= 0xA0)
                        || !continuation(buf[i++])) {
                    return false;
                }
            } else if (b < 0xF5) {
                if (to - i < 3) {
                    return false;
                }
                int b1 = buf[i++] & 0xFF;
                if (!continuation(b1) || (b == 0xF0 && b1 < 0x90) || (b == 0xF4 && b1 >= 0x90)
                        || !continuation(buf[i++]) || !continuation(buf[i++])) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean continuation(int b) {
        return (b & 0xC0) == 0x80;
    }
}
