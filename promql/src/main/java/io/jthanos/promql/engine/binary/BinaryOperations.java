package io.jthanos.promql.engine.binary;

import io.jthanos.model.Labels;
import io.jthanos.model.LabelsBuilder;
import io.jthanos.promql.engine.EvalContext;
import io.jthanos.promql.engine.MetricName;
import io.jthanos.promql.engine.EvalValue;
import io.jthanos.promql.engine.EvalValue.ScalarValue;
import io.jthanos.promql.engine.EvalValue.VectorValue;
import io.jthanos.promql.engine.QueryException;
import io.jthanos.promql.engine.SeriesMerger;
import io.jthanos.promql.engine.StepSeries;
import io.jthanos.promql.engine.Steps;
import io.jthanos.promql.parser.BinaryExpr;
import io.jthanos.promql.parser.BinaryOp;
import io.jthanos.promql.parser.VectorMatching;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binary operators between scalars and instant vectors, with Prometheus's vector matching
 * ({@code on}/{@code ignoring}, {@code group_left}/{@code group_right}), set operators and
 * cardinality errors. Matching signatures are computed once per series; values are combined
 * column-wise per matched pair.
 */
public final class BinaryOperations {

    private BinaryOperations() {
    }

    public static EvalValue evaluate(BinaryExpr b, EvalValue l, EvalValue r, int steps, EvalContext ctx) {
        BinaryOp op = b.op();
        if (l instanceof ScalarValue ls && r instanceof ScalarValue rs) {
            double[] out = new double[steps];
            for (int i = 0; i < steps; i++) {
                double a = ls.values()[i];
                double c = rs.values()[i];
                out[i] = op.isComparison() ? (ArithmeticOps.compare(op, a, c) ? 1 : 0) : ArithmeticOps.apply(op, a, c);
            }
            return new ScalarValue(out);
        }
        if (l instanceof VectorValue lv && r instanceof ScalarValue rs) {
            return new VectorValue(vectorScalar(op, lv.series(), rs.values(), false, b.returnBool(), steps));
        }
        if (l instanceof ScalarValue ls && r instanceof VectorValue rv) {
            return new VectorValue(vectorScalar(op, rv.series(), ls.values(), true, b.returnBool(), steps));
        }
        List<StepSeries> lhs = ((VectorValue) l).series();
        List<StepSeries> rhs = ((VectorValue) r).series();
        VectorMatching matching = b.matching();
        return new VectorValue(switch (op) {
            case LAND -> and(lhs, rhs, matching, steps, false);
            case LUNLESS -> and(lhs, rhs, matching, steps, true);
            case LOR -> or(lhs, rhs, matching, steps);
            default -> vectorVector(op, lhs, rhs, matching, b.returnBool(), steps);
        });
    }

    private static List<StepSeries> vectorScalar(BinaryOp op, List<StepSeries> vec, double[] scalar, boolean swap,
            boolean returnBool, int steps) {
        SeriesMerger merger = new SeriesMerger(steps);
        boolean dropName = ArithmeticOps.dropsName(op) || returnBool;
        boolean comparison = op.isComparison();
        for (StepSeries s : vec) {
            double[] v = s.values();
            double[] out = Steps.absent(steps);
            for (int i = 0; i < steps; i++) {
                double x = v[i];
                if (Steps.isAbsent(x)) {
                    continue;
                }
                double left = swap ? scalar[i] : x;
                double right = swap ? x : scalar[i];
                if (comparison) {
                    boolean keep = ArithmeticOps.compare(op, left, right);
                    if (returnBool) {
                        out[i] = keep ? 1 : 0;
                    } else if (keep) {
                        out[i] = x;
                    }
                } else {
                    out[i] = ArithmeticOps.apply(op, left, right);
                }
            }
            merger.add(dropName ? MetricName.drop(s.labels()) : s.labels(), out);
        }
        return merger.result();
    }

    /** The labels that identify a match group: only {@code on} labels, or all but {@code ignoring} labels and the name. */
    static Labels signature(Labels l, VectorMatching m) {
        if (m.on()) {
            return l.keepOnly(new HashSet<>(m.matchingLabels()));
        }
        List<String> drop = new ArrayList<>(m.matchingLabels());
        drop.add(Labels.METRIC_NAME);
        return l.without(drop);
    }

    private static Map<Labels, List<StepSeries>> bySignature(List<StepSeries> side, VectorMatching m) {
        Map<Labels, List<StepSeries>> map = new HashMap<>();
        for (StepSeries s : side) {
            map.computeIfAbsent(signature(s.labels(), m), k -> new ArrayList<>(1)).add(s);
        }
        return map;
    }

    private static List<StepSeries> and(List<StepSeries> lhs, List<StepSeries> rhs, VectorMatching m, int steps, boolean unless) {
        Map<Labels, boolean[]> rightPresent = new HashMap<>();
        for (StepSeries s : rhs) {
            boolean[] p = rightPresent.computeIfAbsent(signature(s.labels(), m), k -> new boolean[steps]);
            for (int i = 0; i < steps; i++) {
                p[i] |= Steps.isPresent(s.values()[i]);
            }
        }
        SeriesMerger merger = new SeriesMerger(steps);
        for (StepSeries s : lhs) {
            boolean[] p = rightPresent.get(signature(s.labels(), m));
            double[] out = Steps.absent(steps);
            for (int i = 0; i < steps; i++) {
                boolean matched = p != null && p[i];
                if (matched != unless) {
                    out[i] = s.values()[i];
                }
            }
            merger.add(s.labels(), out);
        }
        return merger.result();
    }

    private static List<StepSeries> or(List<StepSeries> lhs, List<StepSeries> rhs, VectorMatching m, int steps) {
        Map<Labels, boolean[]> leftPresent = new HashMap<>();
        SeriesMerger merger = new SeriesMerger(steps);
        for (StepSeries s : lhs) {
            boolean[] p = leftPresent.computeIfAbsent(signature(s.labels(), m), k -> new boolean[steps]);
            for (int i = 0; i < steps; i++) {
                p[i] |= Steps.isPresent(s.values()[i]);
            }
            merger.add(s.labels(), s.values().clone());
        }
        for (StepSeries s : rhs) {
            boolean[] p = leftPresent.get(signature(s.labels(), m));
            double[] out = Steps.absent(steps);
            for (int i = 0; i < steps; i++) {
                if (p == null || !p[i]) {
                    out[i] = s.values()[i];
                }
            }
            merger.add(s.labels(), out);
        }
        return merger.result();
    }

    private static List<StepSeries> vectorVector(BinaryOp op, List<StepSeries> lhsIn, List<StepSeries> rhsIn,
            VectorMatching m, boolean returnBool, int steps) {
        if (lhsIn.isEmpty() || rhsIn.isEmpty()) {
            return List.of();
        }
        boolean oneToMany = m.cardinality() == VectorMatching.Cardinality.ONE_TO_MANY;
        boolean oneToOne = m.cardinality() == VectorMatching.Cardinality.ONE_TO_ONE;
        // The right side is always the "one" side; for group_right swap sides and values.
        List<StepSeries> many = oneToMany ? rhsIn : lhsIn;
        List<StepSeries> one = oneToMany ? lhsIn : rhsIn;
        Map<Labels, List<StepSeries>> oneBySig = bySignature(one, m);
        if (oneBySig.size() < one.size()) {
            checkUniqueOneSide(one, many, m, steps, oneToMany);
        }
        boolean comparison = op.isComparison();
        String duplicate = oneToOne
                ? "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)"
                : "multiple matches for labels: grouping labels must ensure unique matches";
        SeriesMerger merger = new SeriesMerger(steps).duplicateMessage(duplicate);
        Map<Labels, boolean[]> matchedOneToOne = new HashMap<>();
        for (int li = 0; li < many.size(); li++) {
            StepSeries ls = many.get(li);
            Map<StepSeries, double[]> outputs = new java.util.IdentityHashMap<>(2);
            Labels sig = signature(ls.labels(), m);
            List<StepSeries> candidates = oneBySig.get(sig);
            if (candidates == null) {
                continue;
            }
            double[] lv = ls.values();
            for (int i = 0; i < steps; i++) {
                double a = lv[i];
                if (Steps.isAbsent(a)) {
                    continue;
                }
                int ri = -1;
                for (int c = 0; c < candidates.size(); c++) {
                    if (Steps.isPresent(candidates.get(c).values()[i])) {
                        ri = c;
                        break;
                    }
                }
                if (ri < 0) {
                    continue;
                }
                StepSeries rs = candidates.get(ri);
                double b = rs.values()[i];
                double fl = oneToMany ? b : a;
                double fr = oneToMany ? a : b;
                double value;
                if (comparison) {
                    boolean keep = ArithmeticOps.compare(op, fl, fr);
                    if (returnBool) {
                        value = keep ? 1 : 0;
                    } else if (keep) {
                        value = fl;
                    } else {
                        continue;
                    }
                } else {
                    value = ArithmeticOps.apply(op, fl, fr);
                }
                if (oneToOne) {
                    boolean[] matched = matchedOneToOne.computeIfAbsent(sig, k -> new boolean[steps]);
                    if (matched[i]) {
                        throw new QueryException.Evaluation(duplicate);
                    }
                    matched[i] = true;
                }
                double[] target = outputs.get(rs);
                if (target == null) {
                    Labels metric = resultMetric(ls.labels(), rs.labels(), op, m, returnBool);
                    target = merger.series(metric);
                    outputs.put(rs, target);
                }
                SeriesMerger.put(target, i, value, duplicate);
            }
        }
        return merger.result();
    }

    /**
     * Fails like Prometheus's {@code VectorBinop} at the first step where two series of the "one" side
     * share a signature, naming the later one first; steps where either side is empty are skipped.
     */
    private static void checkUniqueOneSide(List<StepSeries> one, List<StepSeries> many, VectorMatching m, int steps,
            boolean oneToMany) {
        Labels[] sigs = new Labels[one.size()];
        for (int r = 0; r < sigs.length; r++) {
            sigs[r] = signature(one.get(r).labels(), m);
        }
        Map<Labels, StepSeries> seen = new HashMap<>();
        for (int i = 0; i < steps; i++) {
            if (!anyPresent(many, i)) {
                continue;
            }
            seen.clear();
            for (int r = 0; r < sigs.length; r++) {
                StepSeries s = one.get(r);
                if (Steps.isAbsent(s.values()[i])) {
                    continue;
                }
                StepSeries first = seen.putIfAbsent(sigs[r], s);
                if (first != null) {
                    throw new QueryException.Evaluation("found duplicate series for the match group " + sigs[r]
                            + " on the " + (oneToMany ? "left" : "right") + " hand-side of the operation: ["
                            + s.labels() + ", " + first.labels()
                            + "];many-to-many matching not allowed: matching labels must be unique on one side");
                }
            }
        }
    }

    private static boolean anyPresent(List<StepSeries> side, int step) {
        for (StepSeries s : side) {
            if (Steps.isPresent(s.values()[step])) {
                return true;
            }
        }
        return false;
    }

    /** Labels of a vector/vector result, as Prometheus's {@code resultMetric}. */
    static Labels resultMetric(Labels many, Labels one, BinaryOp op, VectorMatching m, boolean returnBool) {
        LabelsBuilder b = many.toBuilder();
        if (ArithmeticOps.dropsName(op) || returnBool) {
            b.delete(Labels.METRIC_NAME);
            b.delete(MetricName.TYPE_LABEL);
            b.delete(MetricName.UNIT_LABEL);
        }
        if (m.cardinality() == VectorMatching.Cardinality.ONE_TO_ONE) {
            if (m.on()) {
                Set<String> keep = new HashSet<>(m.matchingLabels());
                for (String name : many.names()) {
                    if (!keep.contains(name)) {
                        b.delete(name);
                    }
                }
            } else {
                for (String name : m.matchingLabels()) {
                    b.delete(name);
                }
            }
        }
        for (String name : m.include()) {
            String v = one.get(name);
            if (v != null && !v.isEmpty()) {
                b.set(name, v);
            } else {
                b.delete(name);
            }
        }
        return b.build();
    }
}
