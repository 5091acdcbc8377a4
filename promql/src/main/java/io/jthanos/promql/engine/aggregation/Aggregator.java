package io.jthanos.promql.engine.aggregation;

import io.jthanos.model.Labels;
import io.jthanos.model.LabelsBuilder;
import io.jthanos.promql.engine.EvalContext;
import io.jthanos.promql.engine.QueryException;
import io.jthanos.promql.engine.StepSeries;
import io.jthanos.promql.engine.Steps;
import io.jthanos.promql.engine.functions.KahanSum;
import io.jthanos.promql.engine.functions.Quantiles;
import io.jthanos.promql.parser.AggregateExpr;
import io.jthanos.promql.parser.AggregateOp;
import io.jthanos.promql.parser.GoStrings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Aggregation operators over all steps. Series are assigned to groups once (grouping depends only
 * on labels); the per-step work then runs column-wise over each member's value array.
 */
public final class Aggregator {

    private Aggregator() {
    }

    public static List<StepSeries> evaluate(AggregateExpr a, List<StepSeries> in, double[] param, String stringParam,
            int steps, EvalContext ctx) {
        AggregateOp op = a.op();
        List<String> grouping = a.grouping();
        Set<String> groupingSet = new HashSet<>(grouping);
        if (op == AggregateOp.COUNT_VALUES) {
            return countValues(a, in, stringParam, steps);
        }
        Map<Labels, List<StepSeries>> groups = new LinkedHashMap<>();
        for (StepSeries s : in) {
            Labels key = groupLabels(s.labels(), grouping, groupingSet, a.without());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
        }
        return switch (op) {
            case TOPK, BOTTOMK, LIMITK -> selectK(op, groups, param, steps);
            case LIMIT_RATIO -> limitRatio(groups, param, steps);
            case QUANTILE -> quantile(groups, param, steps, ctx);
            default -> simple(op, groups, steps);
        };
    }

    static Labels groupLabels(Labels l, List<String> grouping, Set<String> groupingSet, boolean without) {
        if (without) {
            List<String> drop = new ArrayList<>(grouping.size() + 1);
            drop.addAll(grouping);
            drop.add(Labels.METRIC_NAME);
            return l.without(drop);
        }
        if (grouping.isEmpty()) {
            return Labels.empty();
        }
        return l.keepOnly(groupingSet);
    }

    private static List<StepSeries> simple(AggregateOp op, Map<Labels, List<StepSeries>> groups, int steps) {
        List<StepSeries> out = new ArrayList<>(groups.size());
        double[] sum = new double[steps];
        double[] comp = new double[steps];
        double[] count = new double[steps];
        double[] mean = new double[steps];
        boolean[] incremental = new boolean[steps];
        for (Map.Entry<Labels, List<StepSeries>> e : groups.entrySet()) {
            Arrays.fill(sum, 0);
            Arrays.fill(comp, 0);
            Arrays.fill(count, 0);
            Arrays.fill(mean, 0);
            Arrays.fill(incremental, false);
            double[] result = Steps.absent(steps);
            for (StepSeries s : e.getValue()) {
                double[] v = s.values();
                for (int i = 0; i < steps; i++) {
                    double f = v[i];
                    if (Steps.isAbsent(f)) {
                        continue;
                    }
                    double c = ++count[i];
                    switch (op) {
                        case SUM -> {
                            comp[i] = KahanSum.compensation(f, sum[i], comp[i]);
                            sum[i] += f;
                        }
                        case AVG -> avgStep(i, f, c, sum, comp, mean, incremental);
                        case MIN -> {
                            if (c == 1 || sum[i] > f || Double.isNaN(sum[i])) {
                                sum[i] = f;
                            }
                        }
                        case MAX -> {
                            if (c == 1 || sum[i] < f || Double.isNaN(sum[i])) {
                                sum[i] = f;
                            }
                        }
                        case STDDEV, STDVAR -> {
                            double delta = f - mean[i];
                            mean[i] += delta / c;
                            sum[i] += delta * (f - mean[i]);
                        }
                        default -> {
                        }
                    }
                }
            }
            for (int i = 0; i < steps; i++) {
                double c = count[i];
                if (c == 0) {
                    continue;
                }
                result[i] = switch (op) {
                    case SUM -> Double.isInfinite(sum[i]) ? sum[i] : sum[i] + comp[i];
                    case AVG -> incremental[i] ? mean[i] + comp[i] : (sum[i] + comp[i]) / c;
                    case COUNT -> c;
                    case GROUP -> 1;
                    case MIN, MAX -> sum[i];
                    case STDVAR -> sum[i] / c;
                    case STDDEV -> Math.sqrt(sum[i] / c);
                    default -> throw new IllegalStateException(op.toString());
                };
            }
            out.add(new StepSeries(e.getKey(), result));
        }
        return out;
    }

    /** One step of Prometheus's avg: Kahan sum, switching to an incremental mean on overflow. */
    private static void avgStep(int i, double f, double count, double[] sum, double[] comp, double[] mean,
            boolean[] incremental) {
        if (count == 1) {
            // The first sample initialises the group without an overflow check, as Prometheus does.
            sum[i] = f;
            return;
        }
        if (!incremental[i]) {
            double newSum = sum[i] + f;
            double newC = KahanSum.compensation(f, sum[i], comp[i]);
            if (!Double.isInfinite(newSum)) {
                sum[i] = newSum;
                comp[i] = newC;
                return;
            }
            incremental[i] = true;
            mean[i] = sum[i] / (count - 1);
            comp[i] /= count - 1;
        }
        if (Double.isInfinite(mean[i])) {
            if (Double.isInfinite(f) && (mean[i] > 0) == (f > 0)) {
                return;
            }
            if (!Double.isInfinite(f) && !Double.isNaN(f)) {
                return;
            }
        }
        double current = mean[i] + comp[i];
        double inc = f / count - current / count;
        comp[i] = KahanSum.compensation(inc, mean[i], comp[i]);
        mean[i] += inc;
    }

    private static List<StepSeries> quantile(Map<Labels, List<StepSeries>> groups, double[] q, int steps, EvalContext ctx) {
        for (double qi : q) {
            if (Double.isNaN(qi) || qi < 0 || qi > 1) {
                ctx.warn("quantile value should be between 0 and 1, got " + goG(qi));
                break;
            }
        }
        List<StepSeries> out = new ArrayList<>();
        for (Map.Entry<Labels, List<StepSeries>> e : groups.entrySet()) {
            List<StepSeries> members = e.getValue();
            double[] buf = new double[members.size()];
            double[] result = Steps.absent(steps);
            for (int i = 0; i < steps; i++) {
                int n = 0;
                for (StepSeries s : members) {
                    double v = s.values()[i];
                    if (Steps.isPresent(v)) {
                        buf[n++] = v;
                    }
                }
                if (n > 0) {
                    result[i] = Quantiles.quantile(q[i], buf, n);
                }
            }
            out.add(new StepSeries(e.getKey(), result));
        }
        return out;
    }

    /** topk/bottomk/limitk: the selected series keep all their labels and values at the steps they are chosen. */
    private static List<StepSeries> selectK(AggregateOp op, Map<Labels, List<StepSeries>> groups, double[] param, int steps) {
        Map<StepSeries, double[]> chosen = new LinkedHashMap<>();
        for (List<StepSeries> members : groups.values()) {
            int[] idx = new int[members.size()];
            for (int i = 0; i < steps; i++) {
                double kf = param[i];
                if (Double.isNaN(kf) || kf >= 9.223372036854775807e18 || kf <= -9.223372036854775808e18) {
                    throw new QueryException.Evaluation("Scalar value " + goG(kf) + " overflows int64");
                }
                long k = (long) kf;
                if (k < 1) {
                    continue;
                }
                int n = 0;
                for (int m = 0; m < members.size(); m++) {
                    if (Steps.isPresent(members.get(m).values()[i])) {
                        idx[n++] = m;
                    }
                }
                int take = (int) Math.min(k, n);
                if (op != AggregateOp.LIMITK) {
                    sortByValue(idx, n, take, members, i, op == AggregateOp.TOPK);
                }
                for (int r = 0; r < take; r++) {
                    StepSeries s = members.get(idx[r]);
                    chosen.computeIfAbsent(s, x -> Steps.absent(steps))[i] = s.values()[i];
                }
            }
        }
        List<StepSeries> out = new ArrayList<>(chosen.size());
        chosen.forEach((s, v) -> out.add(new StepSeries(s.labels(), v)));
        return out;
    }

    /**
     * Orders the first {@code take} of {@code n} candidate indices by value (descending for topk),
     * NaN last. Small k uses an insertion-based partial selection without boxing.
     */
    private static void sortByValue(int[] idx, int n, int take, List<StepSeries> members, int step, boolean descending) {
        if (take <= 64 || take * 4 < n) {
            int size = 0;
            for (int i = 0; i < n; i++) {
                int cand = idx[i];
                double cv = members.get(cand).values()[step];
                if (size == take) {
                    if (!better(cv, members.get(idx[take - 1]).values()[step], descending)) {
                        continue;
                    }
                    size--;
                }
                int j = size;
                while (j > 0 && better(cv, members.get(idx[j - 1]).values()[step], descending)) {
                    idx[j] = idx[j - 1];
                    j--;
                }
                idx[j] = cand;
                size++;
            }
            return;
        }
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = idx[i];
        }
        java.util.Arrays.sort(boxed, (x, y) -> {
            double a = members.get(x).values()[step];
            double b = members.get(y).values()[step];
            return better(a, b, descending) ? -1 : better(b, a, descending) ? 1 : 0;
        });
        for (int i = 0; i < n; i++) {
            idx[i] = boxed[i];
        }
    }

    /** Whether {@code a} ranks strictly before {@code b}; NaN ranks below every number for topk and bottomk. */
    private static boolean better(double a, double b, boolean descending) {
        if (Double.isNaN(a)) {
            return false;
        }
        if (Double.isNaN(b)) {
            return true;
        }
        return descending ? a > b : a < b;
    }

    /** limit_ratio: keeps a series when its position in hash space falls within the ratio. */
    private static List<StepSeries> limitRatio(Map<Labels, List<StepSeries>> groups, double[] param, int steps) {
        List<StepSeries> out = new ArrayList<>();
        for (List<StepSeries> members : groups.values()) {
            for (StepSeries s : members) {
                double offset = (s.labels().hashCode() & 0xffffffffL) / (double) 0xffffffffL;
                double[] v = Steps.absent(steps);
                for (int i = 0; i < steps; i++) {
                    double r = param[i];
                    if (Double.isNaN(r)) {
                        throw new QueryException.Evaluation("Ratio value is NaN");
                    }
                    r = Math.max(-1, Math.min(1, r));
                    boolean keep = r >= 0 ? offset < r : offset >= 1 + r;
                    if (keep) {
                        v[i] = s.values()[i];
                    }
                }
                if (Steps.countPresent(v) > 0) {
                    out.add(new StepSeries(s.labels(), v));
                }
            }
        }
        return out;
    }

    private static List<StepSeries> countValues(AggregateExpr a, List<StepSeries> in, String label, int steps) {
        if (label == null || label.isEmpty()) {
            throw new QueryException.Evaluation("invalid label name " + GoStrings.quote(label == null ? "" : label));
        }
        List<String> grouping = new ArrayList<>(a.grouping());
        Set<String> groupingSet = new HashSet<>(grouping);
        Map<Labels, double[]> out = new LinkedHashMap<>();
        for (StepSeries s : in) {
            Labels base = groupLabels(s.labels(), grouping, groupingSet, a.without());
            for (int i = 0; i < steps; i++) {
                double v = s.values()[i];
                if (Steps.isAbsent(v)) {
                    continue;
                }
                LabelsBuilder b = base.toBuilder();
                b.set(label, GoStrings.formatFloat(v));
                double[] counts = out.computeIfAbsent(b.build(), k -> Steps.absent(steps));
                counts[i] = Steps.isAbsent(counts[i]) ? 1 : counts[i] + 1;
            }
        }
        List<StepSeries> result = new ArrayList<>(out.size());
        out.forEach((l, v) -> result.add(new StepSeries(l, v)));
        return result;
    }

    static String goG(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return GoStrings.formatFloat(v);
    }
}
