package io.jthanos.promql.engine.functions;

import io.jthanos.model.Labels;
import io.jthanos.model.LabelsBuilder;
import io.jthanos.model.MatchType;
import io.jthanos.model.Matcher;
import io.jthanos.promql.engine.EvalContext;
import io.jthanos.promql.engine.EvalValue;
import io.jthanos.promql.engine.EvalValue.ScalarValue;
import io.jthanos.promql.engine.EvalValue.VectorValue;
import io.jthanos.promql.engine.MetricName;
import io.jthanos.promql.engine.QueryException;
import io.jthanos.promql.engine.SeriesMerger;
import io.jthanos.promql.engine.StepGrid;
import io.jthanos.promql.engine.StepSeries;
import io.jthanos.promql.engine.Steps;
import io.jthanos.promql.parser.Expr;
import io.jthanos.promql.parser.GoStrings;
import io.jthanos.promql.parser.MatrixSelector;
import io.jthanos.promql.parser.ParenExpr;
import io.jthanos.promql.parser.PositionRange;
import io.jthanos.promql.parser.VectorSelector;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Functions over instant vectors and scalars, per step and series, as Prometheus 3.5's {@code functions.go}. */
public final class InstantFunctions {

    private InstantFunctions() {
    }

    /**
     * Evaluates a function without range argument.
     *
     * @param vector  the instant-vector argument, or null
     * @param scalars per-argument scalar values per step
     * @param strings per-argument string values
     * @param positions per-argument positions in the query, for annotations
     */
    public static EvalValue evaluate(String name, List<StepSeries> vector, double[][] scalars, String[] strings,
            StepGrid grid, EvalContext ctx, PositionRange[] positions) {
        int steps = grid.steps();
        switch (name) {
            case "time" -> {
                double[] v = new double[steps];
                for (int i = 0; i < steps; i++) {
                    v[i] = grid.time(i) / 1000.0;
                }
                return new ScalarValue(v);
            }
            case "pi" -> {
                double[] v = new double[steps];
                java.util.Arrays.fill(v, Math.PI);
                return new ScalarValue(v);
            }
            case "scalar" -> {
                double[] v = new double[steps];
                for (int i = 0; i < steps; i++) {
                    double found = Double.NaN;
                    int n = 0;
                    for (StepSeries s : vector) {
                        if (Steps.isPresent(s.values()[i])) {
                            n++;
                            found = s.values()[i];
                        }
                    }
                    v[i] = n == 1 ? found : Double.NaN;
                }
                return new ScalarValue(v);
            }
            case "vector" -> {
                return new VectorValue(List.of(new StepSeries(Labels.empty(), scalars[0].clone())));
            }
            case "sort", "sort_desc", "sort_by_label", "sort_by_label_desc" -> {
                return new VectorValue(vector);
            }
            case "histogram_quantile" -> {
                return new VectorValue(HistogramQuantile.evaluate(scalars[0], vector, steps, ctx, positions[0], positions[1]));
            }
            case "histogram_fraction" -> {
                return new VectorValue(HistogramQuantile.fraction(scalars[0], scalars[1], vector, steps, ctx, positions[2]));
            }
            case "histogram_count", "histogram_sum", "histogram_avg", "histogram_stddev", "histogram_stdvar" -> {
                // These only act on native histograms; float samples are ignored.
                return new VectorValue(List.of());
            }
            case "days_in_month", "day_of_month", "day_of_week", "day_of_year", "hour", "minute", "month", "year" -> {
                List<StepSeries> in = vector;
                if (in == null) {
                    double[] now = new double[steps];
                    for (int i = 0; i < steps; i++) {
                        now[i] = grid.time(i) / 1000.0;
                    }
                    in = List.of(new StepSeries(Labels.empty(), now));
                }
                return new VectorValue(map(in, steps, (v, i) -> dateFunction(name, v)));
            }
            case "clamp" -> {
                double[] min = scalars[1];
                double[] max = scalars[2];
                return new VectorValue(map(vector, steps,
                        (v, i) -> max[i] < min[i] ? Steps.ABSENT : GoMath.max(min[i], GoMath.min(max[i], v))));
            }
            case "clamp_min" -> {
                double[] min = scalars[1];
                return new VectorValue(map(vector, steps, (v, i) -> GoMath.max(min[i], v)));
            }
            case "clamp_max" -> {
                double[] max = scalars[1];
                return new VectorValue(map(vector, steps, (v, i) -> GoMath.min(max[i], v)));
            }
            case "round" -> {
                double[] to = scalars.length > 1 && scalars[1] != null ? scalars[1] : null;
                return new VectorValue(map(vector, steps, (v, i) -> {
                    double inverse = 1.0 / (to == null ? 1 : to[i]);
                    return Math.floor(v * inverse + 0.5) / inverse;
                }));
            }
            case "timestamp" -> {
                return new VectorValue(map(vector, steps, (v, i) -> grid.time(i) / 1000.0));
            }
            default -> {
                MathFunction f = MathFunction.of(name);
                return new VectorValue(map(vector, steps, (v, i) -> f.apply(v)));
            }
        }
    }

    /** A value mapping applied to every present value; may return {@link Steps#ABSENT} to drop it. */
    @FunctionalInterface
    interface StepMapping {
        double apply(double value, int step);
    }

    private static List<StepSeries> map(List<StepSeries> in, int steps, StepMapping f) {
        SeriesMerger merger = new SeriesMerger(steps);
        for (StepSeries s : in) {
            double[] src = s.values();
            double[] r = Steps.absent(steps);
            for (int i = 0; i < steps; i++) {
                if (Steps.isPresent(src[i])) {
                    r[i] = f.apply(src[i], i);
                }
            }
            merger.add(MetricName.drop(s.labels()), r);
        }
        return merger.result();
    }

    private enum MathFunction {
        ABS, CEIL, FLOOR, EXP, SQRT, LN, LOG2, LOG10, SIN, COS, TAN, ASIN, ACOS, ATAN, SINH, COSH, TANH, ASINH, ACOSH,
        ATANH, DEG, RAD, SGN;

        static MathFunction of(String name) {
            try {
                return valueOf(name.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new QueryException.Evaluation("function " + GoStrings.quote(name) + " is not implemented");
            }
        }

        double apply(double v) {
            return switch (this) {
                case ABS -> Math.abs(v);
                case CEIL -> Math.ceil(v);
                case FLOOR -> Math.floor(v);
                case EXP -> Math.exp(v);
                case SQRT -> Math.sqrt(v);
                case LN -> Math.log(v);
                case LOG2 -> log2(v);
                case LOG10 -> Math.log10(v);
                case SIN -> Math.sin(v);
                case COS -> Math.cos(v);
                case TAN -> Math.tan(v);
                case ASIN -> Math.asin(v);
                case ACOS -> Math.acos(v);
                case ATAN -> Math.atan(v);
                case SINH -> Math.sinh(v);
                case COSH -> Math.cosh(v);
                case TANH -> Math.tanh(v);
                case ASINH -> GoMath.asinh(v);
                case ACOSH -> GoMath.acosh(v);
                case ATANH -> GoMath.atanh(v);
                case DEG -> v * 180 / Math.PI;
                case RAD -> v * Math.PI / 180;
                case SGN -> v < 0 ? -1 : v > 0 ? 1 : v;
            };
        }

        private static double log2(double v) {
            // Go's Log2 is exact for powers of two.
            if (v > 0 && !Double.isInfinite(v)) {
                int exp = Math.getExponent(v);
                if (v == Math.scalb(1.0, exp)) {
                    return exp;
                }
            }
            return Math.log(v) / Math.log(2);
        }
    }

    private static double dateFunction(String name, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.NaN;
        }
        ZonedDateTime t = Instant.ofEpochSecond((long) v).atZone(ZoneOffset.UTC);
        return switch (name) {
            case "days_in_month" -> t.toLocalDate().lengthOfMonth();
            case "day_of_month" -> t.getDayOfMonth();
            case "day_of_week" -> t.getDayOfWeek().getValue() % 7;
            case "day_of_year" -> t.getDayOfYear();
            case "hour" -> t.getHour();
            case "minute" -> t.getMinute();
            case "month" -> t.getMonthValue();
            default -> t.getYear();
        };
    }

    /** {@code absent(v)}: 1 at steps where {@code v} is empty, labelled from the selector's equality matchers. */
    public static List<StepSeries> absent(List<StepSeries> in, Expr arg, int steps) {
        double[] r = new double[steps];
        java.util.Arrays.fill(r, 1);
        for (StepSeries s : in) {
            for (int i = 0; i < steps; i++) {
                if (Steps.isPresent(s.values()[i])) {
                    r[i] = Steps.ABSENT;
                }
            }
        }
        if (Steps.countPresent(r) == 0) {
            return List.of();
        }
        return List.of(new StepSeries(absentLabels(arg), r));
    }

    /**
     * Labels of {@code absent}'s output: the equality matchers of a selector argument, as Prometheus makes
     * them. A name is set by its first equality matcher, and removed by any other matcher of that name that
     * follows it ({@code x{job="a",job=~"b"}} gives no {@code job}).
     */
    public static Labels absentLabels(Expr arg) {
        Expr a = arg;
        while (a instanceof ParenExpr p) {
            a = p.expr();
        }
        List<Matcher> matchers;
        if (a instanceof VectorSelector vs) {
            matchers = vs.matchers();
        } else if (a instanceof MatrixSelector ms) {
            matchers = ms.selector().matchers();
        } else {
            return Labels.empty();
        }
        LabelsBuilder b = new LabelsBuilder();
        Set<String> has = new HashSet<>();
        for (Matcher m : matchers) {
            if (m.name().equals(Labels.METRIC_NAME)) {
                continue;
            }
            if (m.type() == MatchType.EQUAL && has.add(m.name())) {
                b.set(m.name(), m.value());
            } else {
                b.delete(m.name());
            }
        }
        return b.build();
    }
}
