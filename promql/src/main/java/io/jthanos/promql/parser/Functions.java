package io.jthanos.promql.parser;

import static io.jthanos.promql.parser.ValueType.MATRIX;
import static io.jthanos.promql.parser.ValueType.SCALAR;
import static io.jthanos.promql.parser.ValueType.STRING;
import static io.jthanos.promql.parser.ValueType.VECTOR;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The functions of PromQL as of Prometheus 3.5, with their signatures. */
public final class Functions {

    private static final Map<String, Function> ALL;

    static {
        Map<String, Function> m = new TreeMap<>();
        for (String n : List.of("abs", "acos", "acosh", "asin", "asinh", "atan", "atanh", "ceil", "cos", "cosh", "deg",
                "exp", "floor", "histogram_avg", "histogram_count", "histogram_sum", "histogram_stddev",
                "histogram_stdvar", "ln", "log10", "log2", "rad", "sgn", "sin", "sinh", "sort", "sort_desc", "sqrt",
                "tan", "tanh", "timestamp", "absent")) {
            add(m, n, List.of(VECTOR), 0, VECTOR, false);
        }
        for (String n : List.of("absent_over_time", "avg_over_time", "changes", "count_over_time", "delta", "deriv",
                "idelta", "increase", "irate", "last_over_time", "max_over_time", "min_over_time",
                "present_over_time", "rate", "resets", "stddev_over_time", "stdvar_over_time", "sum_over_time")) {
            add(m, n, List.of(MATRIX), 0, VECTOR, false);
        }
        for (String n : List.of("mad_over_time", "ts_of_max_over_time", "ts_of_min_over_time", "ts_of_last_over_time")) {
            add(m, n, List.of(MATRIX), 0, VECTOR, true);
        }
        for (String n : List.of("days_in_month", "day_of_month", "day_of_week", "day_of_year", "hour", "minute",
                "month", "year")) {
            add(m, n, List.of(VECTOR), 1, VECTOR, false);
        }
        add(m, "clamp", List.of(VECTOR, SCALAR, SCALAR), 0, VECTOR, false);
        add(m, "clamp_max", List.of(VECTOR, SCALAR), 0, VECTOR, false);
        add(m, "clamp_min", List.of(VECTOR, SCALAR), 0, VECTOR, false);
        add(m, "histogram_fraction", List.of(SCALAR, SCALAR, VECTOR), 0, VECTOR, false);
        add(m, "histogram_quantile", List.of(SCALAR, VECTOR), 0, VECTOR, false);
        add(m, "double_exponential_smoothing", List.of(MATRIX, SCALAR, SCALAR), 0, VECTOR, true);
        add(m, "info", List.of(VECTOR, VECTOR), 1, VECTOR, true);
        add(m, "label_replace", List.of(VECTOR, STRING, STRING, STRING, STRING), 0, VECTOR, false);
        add(m, "label_join", List.of(VECTOR, STRING, STRING, STRING), -1, VECTOR, false);
        add(m, "pi", List.of(), 0, SCALAR, false);
        add(m, "time", List.of(), 0, SCALAR, false);
        add(m, "predict_linear", List.of(MATRIX, SCALAR), 0, VECTOR, false);
        add(m, "quantile_over_time", List.of(SCALAR, MATRIX), 0, VECTOR, false);
        add(m, "round", List.of(VECTOR, SCALAR), 1, VECTOR, false);
        add(m, "scalar", List.of(VECTOR), 0, SCALAR, false);
        add(m, "vector", List.of(SCALAR), 0, VECTOR, false);
        add(m, "sort_by_label", List.of(VECTOR, STRING), -1, VECTOR, true);
        add(m, "sort_by_label_desc", List.of(VECTOR, STRING), -1, VECTOR, true);
        ALL = Collections.unmodifiableMap(m);
    }

    private Functions() {
    }

    private static void add(Map<String, Function> m, String name, List<ValueType> args, int variadic, ValueType ret,
            boolean experimental) {
        m.put(name, new Function(name, args, variadic, ret, experimental));
    }

    /** Returns the function of that name, or null. */
    public static Function get(String name) {
        return ALL.get(name);
    }

    /** All functions by name, in name order. */
    public static Map<String, Function> all() {
        return ALL;
    }
}
