package io.jthanos.query.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as Go's {@code encoding/json} writes a UTC {@code time.Time}: RFC 3339 with trailing zeros of the fraction cut. */
final class GoTime {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private GoTime() {
    }

    /** E.g. {@code 2026-01-01T00:00:00.12Z}, {@code 0001-01-01T00:00:00Z}. */
    static String rfc3339Nano(Instant t) {
        StringBuilder b = new StringBuilder(SECONDS.format(t));
        int nanos = t.getNano();
        if (nanos != 0) {
            String digits = String.format("%09d", nanos);
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            b.append('.').append(digits, 0, end);
        }
        return b.append('Z').toString();
    }
}
