package io.jthanos.store.gateway.fetch;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * A point in time given either absolutely (RFC 3339, e.g. {@code 2026-01-01T00:00:00Z}) or relative to now as
 * a Prometheus duration with optional sign (e.g. {@code -6h}, {@code -2w}), as Thanos's
 * {@code model.TimeOrDurationValue} parses {@code --min-time}/{@code --max-time}.
 */
public final class TimeOrDuration {
    /** Thanos's default of {@code --min-time}: {@code 0000-01-01T00:00:00Z}. */
    public static final TimeOrDuration MIN = parse("0000-01-01T00:00:00Z");
    /** Thanos's default of {@code --max-time}: {@code 9999-12-31T23:59:59Z}. */
    public static final TimeOrDuration MAX = parse("9999-12-31T23:59:59Z");

    private final long absoluteMillis;
    private final long relativeMillis;
    private final boolean relative;
    private final String text;

    private TimeOrDuration(long absoluteMillis, long relativeMillis, boolean relative, String text) {
        this.absoluteMillis = absoluteMillis;
        this.relativeMillis = relativeMillis;
        this.relative = relative;
        this.text = text;
    }

    /**
     * Parses {@code s}.
     *
     * @throws IllegalArgumentException naming the value when it is neither RFC 3339 nor a duration
     */
    public static TimeOrDuration parse(String s) {
        try {
            return new TimeOrDuration(OffsetDateTime.parse(s).toInstant().toEpochMilli(), 0, false, s);
        } catch (DateTimeParseException e) {
            boolean negative = s.startsWith("-");
            String d = negative || s.startsWith("+") ? s.substring(1) : s;
            try {
                long ms = io.jthanos.model.ModelDuration.parseMillis(d);
                return new TimeOrDuration(0, negative ? -ms : ms, true, s);
            } catch (IllegalArgumentException e2) {
                throw new IllegalArgumentException("invalid time or duration \"" + s
                        + "\": expected RFC3339 (e.g. 2026-01-02T15:04:05Z) or a duration like -6h or -2w", e2);
            }
        }
    }

    /** The time in milliseconds since the epoch, relative values counted from {@code nowMillis}. */
    public long resolve(long nowMillis) {
        return relative ? nowMillis + relativeMillis : absoluteMillis;
    }

    public boolean isRelative() {
        return relative;
    }

    /** An absolute time. */
    public static TimeOrDuration of(Instant t) {
        return new TimeOrDuration(t.toEpochMilli(), 0, false, t.toString());
    }

    @Override
    public String toString() {
        return text;
    }
}
