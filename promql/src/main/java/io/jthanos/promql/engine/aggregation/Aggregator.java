package io.jthanos.promql.engine.aggregation;

import io.jthanos.model.GoFloat;
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
            case LIMIT_RATIO -> limitRatio(groups, param, steps, ctx, a.param().positionRange());
            case QUANTILE -> quantile(groups, param, steps, ctx, a.param().positionRange());
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

    private static List<StepSeries> quantile(Map<Labels, List<StepSeries>> groups, double[] q, int steps, EvalContext ctx,
            io.jthanos.promql.parser.PositionRange qPosition) {
        for (double qi : q) {
            if (Double.isNaN(qi) || qi < 0 || qi > 1) {
                ctx.warn("quantile value should be between 0 and 1, got " + GoFloat.formatG(qi), qPosition);
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

    /**
     * topk/bottomk/limitk: the selected series keep all their labels and values at the steps they are
     * chosen. Members are offered in input order, as Prometheus's {@code aggregationK} does.
     */
    private static List<StepSeries> selectK(AggregateOp op, Map<Labels, List<StepSeries>> groups, double[] param, int steps) {
        Map<StepSeries, double[]> chosen = new LinkedHashMap<>();
        SelectionHeap heap = new SelectionHeap();
        for (List<StepSeries> members : groups.values()) {
            for (int i = 0; i < steps; i++) {
                double kf = param[i];
                if (Double.isNaN(kf) || kf >= 9.223372036854775807e18 || kf <= -9.223372036854775808e18) {
                    throw new QueryException.Evaluation("Scalar value " + GoFloat.formatG(kf) + " overflows int64");
                }
                long k = (long) kf;
                if (k < 1) {
                    continue;
                }
                int take = (int) Math.min(k, members.size());
                if (op == AggregateOp.LIMITK) {
                    int n = 0;
                    for (int m = 0; m < members.size() && n < take; m++) {
                        StepSeries s = members.get(m);
                        if (Steps.isPresent(s.values()[i])) {
                            chosen.computeIfAbsent(s, x -> Steps.absent(steps))[i] = s.values()[i];
                            n++;
                        }
                    }
                    continue;
                }
                heap.reset(take, op == AggregateOp.BOTTOMK);
                for (int m = 0; m < members.size(); m++) {
                    double v = members.get(m).values()[i];
                    if (Steps.isPresent(v)) {
                        heap.offer(m, v);
                    }
                }
                for (int r = 0; r < heap.size(); r++) {
                    StepSeries s = members.get(heap.member(r));
                    chosen.computeIfAbsent(s, x -> Steps.absent(steps))[i] = s.values()[i];
                }
            }
        }
        List<StepSeries> out = new ArrayList<>(chosen.size());
        chosen.forEach((s, v) -> out.add(new StepSeries(s.labels(), v)));
        return out;
    }

    /**
     * limit_ratio: keeps a series when its place in hash space, {@code Hash(labels) / MaxUint64}, falls
     * within the ratio (below it, or for a negative ratio at or above {@code 1 + ratio}).
     */
    private static List<StepSeries> limitRatio(Map<Labels, List<StepSeries>> groups, double[] param, int steps,
            EvalContext ctx, io.jthanos.promql.parser.PositionRange paramPosition) {
        double[] ratios = new double[steps];
        for (int i = 0; i < steps; i++) {
            double r = param[i];
            if (Double.isNaN(r)) {
                throw new QueryException.Evaluation("Ratio value is NaN");
            }
            if (r < -1 || r > 1) {
                double capped = r < -1 ? -1 : 1;
                ctx.warn("ratio value should be between -1 and 1, got " + GoFloat.formatG(r) + ", capping to "
                        + GoFloat.formatG(capped), paramPosition);
                r = capped;
            }
            ratios[i] = r;
        }
        double max = LabelsHash.unsignedToDouble(-1L);
        List<StepSeries> out = new ArrayList<>();
        for (List<StepSeries> members : groups.values()) {
            for (StepSeries s : members) {
                double offset = LabelsHash.unsignedToDouble(LabelsHash.hash(s.labels())) / max;
                double[] v = Steps.absent(steps);
                int kept = 0;
                for (int i = 0; i < steps; i++) {
                    double r = ratios[i];
                    boolean keep = (r >= 0 && offset < r) || (r < 0 && offset >= 1 + r);
                    if (keep && r != 0 && Steps.isPresent(s.values()[i])) {
                        v[i] = s.values()[i];
                        kept++;
                    }
                }
                if (kept > 0) {
                    out.add(new StepSeries(s.labels(), v));
                }
            }
        }
        return out;
    }

    private static List<StepSeries> countValues(AggregateExpr a, List<StepSeries> in, String label, int steps) {
        if (!GoStrings.isValidLabelName(label)) {
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
}
