package io.jthanos.query.api;

import io.jthanos.model.Matcher;
import io.jthanos.model.ModelDuration;
import io.jthanos.promql.parser.Expr;
import io.jthanos.promql.parser.GoStrings;
import io.jthanos.promql.parser.ParseException;
import io.jthanos.promql.parser.Parser;
import io.jthanos.promql.parser.VectorSelector;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Parameter parsing as Prometheus's {@code web/api/v1/api.go} does it, with its error messages. */
final class Params {
    /** Prometheus's {@code MinTime}/{@code MaxTime} (the defaults of metadata endpoints), in milliseconds. */
    static final long MIN_TIME = -9223309901257974L * 1000;
    static final long MAX_TIME = 9223309901257974L * 1000 + 999;
    private static final String MIN_TIME_FORMATTED = "-292273086-05-16T16:47:06Z";
    private static final String MAX_TIME_FORMATTED = "292277025-08-18T07:12:54.999999999Z";
    // Go's strconv.ParseFloat decimal syntax (hex floats and underscores are not accepted here).
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private Params() {
    }

    /**
     * A timestamp in milliseconds from Unix seconds (fractions rounded to milliseconds) or RFC 3339.
     *
     * @throws ApiException {@code invalid parameter "name": cannot parse "s" to a valid timestamp}
     */
    static long time(String name, String s) {
        if (DECIMAL.matcher(s).matches()) {
            BigDecimal seconds = new BigDecimal(s);
            BigDecimal whole = new BigDecimal(seconds.toBigInteger());
            BigDecimal fraction = seconds.subtract(whole).setScale(3, RoundingMode.HALF_EVEN);
            try {
                return Math.addExact(Math.multiplyExact(whole.longValueExact(), 1000L),
                        fraction.movePointRight(3).longValueExact());
            } catch (ArithmeticException e) {
                throw ApiException.invalidParam(name, "cannot parse " + GoStrings.quote(s) + " to a valid timestamp");
            }
        }
        try {
            OffsetDateTime t = OffsetDateTime.parse(s);
            return t.toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            // fall through
        }
        if (s.equals(MIN_TIME_FORMATTED)) {
            return MIN_TIME;
        }
        if (s.equals(MAX_TIME_FORMATTED)) {
            return MAX_TIME;
        }
        throw ApiException.invalidParam(name, "cannot parse " + GoStrings.quote(s) + " to a valid timestamp");
    }

    /** {@link #time} with a default for an absent or empty parameter. */
    static long time(ApiRequest r, String name, long defaultValue) {
        String s = r.param(name);
        if (s.isEmpty()) {
            return defaultValue;
        }
        try {
            return time(name, s);
        } catch (ApiException e) {
            // Prometheus's parseTimeParam adds this context; query_range's start/end do not get it.
            throw ApiException.invalidParam(name, "invalid time value for '" + name + "': cannot parse "
                    + GoStrings.quote(s) + " to a valid timestamp");
        }
    }

    /**
     * A duration in milliseconds from (fractional) seconds or a Prometheus duration string.
     *
     * @throws ApiException {@code invalid parameter "name": cannot parse "s" to a valid duration}
     */
    static long duration(String name, String s) {
        if (DECIMAL.matcher(s).matches()) {
            BigDecimal nanos = new BigDecimal(s).movePointRight(9);
            if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 || nanos.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
                throw ApiException.invalidParam(name, "cannot parse " + GoStrings.quote(s) + " to a valid duration. It overflows int64");
            }
            return nanos.movePointLeft(6).setScale(0, RoundingMode.DOWN).longValue();
        }
        try {
            return ModelDuration.parseMillis(s);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParam(name, "cannot parse " + GoStrings.quote(s) + " to a valid duration");
        }
    }

    /** The non-negative {@code limit} parameter, 0 when absent. */
    static int limit(ApiRequest r) {
        String s = r.param("limit");
        if (s.isEmpty()) {
            return 0;
        }
        int limit;
        try {
            limit = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw ApiException.invalidParam("limit", "strconv.Atoi: parsing " + GoStrings.quote(s) + ": invalid syntax");
        }
        if (limit < 0) {
            throw ApiException.invalidParam("limit", "limit must be non-negative");
        }
        return limit;
    }

    /** Go's {@code strconv.ParseBool}; the default when absent. */
    static boolean bool(ApiRequest r, String name, boolean defaultValue) {
        String s = r.param(name);
        return switch (s) {
            case "" -> defaultValue;
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new ApiException(ErrorType.BAD_DATA,
                    "'" + name + "' parameter: strconv.ParseBool: parsing " + GoStrings.quote(s) + ": invalid syntax");
        };
    }

    /**
     * The matcher sets of {@code match[]}, each parsed as a series selector.
     *
     * @throws ApiException with the parser's message alone, as Prometheus's and Thanos's label endpoints report it
     */
    static List<List<Matcher>> matchers(ApiRequest r) {
        List<List<Matcher>> out = new ArrayList<>();
        for (String s : r.all("match[]")) {
            Expr e;
            try {
                e = Parser.parse(s);
            } catch (ParseException ex) {
                if (ex.detail().equals("vector selector must contain at least one non-empty matcher")) {
                    // Prometheus parses match[] without this check and applies its own, with this message.
                    throw new ApiException(ErrorType.BAD_DATA, "match[] must contain at least one non-empty matcher");
                }
                throw new ApiException(ErrorType.BAD_DATA, ex.getMessage());
            }
            if (!(e instanceof VectorSelector vs)) {
                throw new ApiException(ErrorType.BAD_DATA, "1:1: parse error: unexpected expression, expected a series selector");
            }
            out.add(vs.matchers());
        }
        return out;
    }
}
