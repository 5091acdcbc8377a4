package io.jthanos.cmd.compact;

import io.jthanos.model.ModelDuration;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Parses Thanos's {@code model.TimeOrDurationValue} ({@code --min-time}, {@code --max-time}): an
 * RFC 3339 time, or a Prometheus duration relative to now, e.g. {@code -2w} or {@code 2h45m}.
 */
public final class TimeOrDuration {
    private TimeOrDuration() {}

    /** The time in Unix milliseconds. */
    public static long parse(String flag, String value, Clock clock) {
        if (value.startsWith("0000-01-01")) {
            return Long.MIN_VALUE; // Go's zero-ish lower bound: everything is later
        }
        if (value.startsWith("9999-12-31")) {
            return Long.MAX_VALUE;
        }
        try {
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException notATime) {
            boolean negative = value.startsWith("-");
            try {
                long ms = ModelDuration.parse(negative ? value.substring(1) : value).toMillis();
                return clock.millis() + (negative ? -ms : ms);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(flag + ": \"" + value
                        + "\" is neither an RFC 3339 time nor a duration such as -1d or 2h45m", e);
            }
        }
    }
}
