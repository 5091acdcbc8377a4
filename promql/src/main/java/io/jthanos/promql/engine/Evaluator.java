package io.jthanos.promql.engine;

import io.jthanos.model.Labels;
import io.jthanos.promql.engine.EvalValue.MatrixValue;
import io.jthanos.promql.engine.EvalValue.ScalarValue;
import io.jthanos.promql.engine.EvalValue.StringResult;
import io.jthanos.promql.engine.EvalValue.VectorValue;
import io.jthanos.promql.engine.aggregation.Aggregator;
import io.jthanos.promql.engine.binary.BinaryOperations;
import io.jthanos.promql.engine.functions.InstantFunctions;
import io.jthanos.promql.engine.functions.LabelFunctions;
import io.jthanos.promql.engine.functions.RangeFunctions;
import io.jthanos.promql.parser.AggregateExpr;
import io.jthanos.promql.parser.AtModifier;
import io.jthanos.promql.parser.BinaryExpr;
import io.jthanos.promql.parser.BinaryOp;
import io.jthanos.promql.parser.Call;
import io.jthanos.promql.parser.DurationExpr;
import io.jthanos.promql.parser.Expr;
import io.jthanos.promql.parser.MatrixSelector;
import io.jthanos.promql.parser.NumberLiteral;
import io.jthanos.promql.parser.ParenExpr;
import io.jthanos.promql.parser.StepInvariantExpr;
import io.jthanos.promql.parser.StringLiteral;
import io.jthanos.promql.parser.SubqueryExpr;
import io.jthanos.promql.parser.UnaryExpr;
import io.jthanos.promql.parser.ValueType;
import io.jthanos.promql.parser.VectorSelector;
import io.jthanos.storage.Queryable;
import io.jthanos.storage.SelectHints;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Evaluates an expression over all steps of a {@link StepGrid} at once: every instant-vector node
 * yields its series with one value per step, so each series is read from storage once and each
 * operator runs as a loop over primitive arrays.
 */
final class Evaluator {

    /** What a selector's parent tells storage through {@link SelectHints}. */
    private record Hint(String func, List<String> grouping, boolean by) {
        static final Hint NONE = new Hint(null, List.of(), false);
    }

    private final EvalContext ctx;
    private final SeriesLoader loader;
    private final long lookbackMillis;
    private final long noStepSubqueryIntervalMillis;
    private final long queryStart;
    private final long queryEnd;

    Evaluator(Queryable queryable, EvalContext ctx, EngineOptions options, long queryStart, long queryEnd) {
        this.ctx = ctx;
        this.loader = new SeriesLoader(queryable, ctx);
        this.lookbackMillis = options.lookbackDelta().toMillis();
        this.noStepSubqueryIntervalMillis = options.noStepSubqueryInterval().toMillis();
        this.queryStart = queryStart;
        this.queryEnd = queryEnd;
    }

    EvalValue eval(Expr e, StepGrid g) {
        return eval(e, g, Hint.NONE);
    }

    private EvalValue eval(Expr e, StepGrid g, Hint hint) {
        ctx.checkInterrupted("expression evaluation");
        return switch (e) {
            case NumberLiteral n -> {
                double[] v = new double[g.steps()];
                Arrays.fill(v, n.value());
                yield new ScalarValue(v);
            }
            case StringLiteral s -> new StringResult(s.value());
            case ParenExpr p -> eval(p.expr(), g, hint);
            case StepInvariantExpr s -> eval(s.expr(), g, hint);
            case DurationExpr d -> {
                double[] v = new double[g.steps()];
                Arrays.fill(v, durationSeconds(d));
                yield new ScalarValue(v);
            }
            case UnaryExpr u -> unary(u, g);
            case VectorSelector vs -> new VectorValue(selectVector(vs, g, hint));
            case MatrixSelector ms -> matrixAtStart(ms, g);
            case SubqueryExpr sq -> subqueryAtStart(sq, g);
            case Call c -> call(c, g, hint);
            case AggregateExpr a -> aggregate(a, g);
            case BinaryExpr b -> binary(b, g);
        };
    }

    // ---- selectors ----

    private long offsetOf(long offsetMillis, DurationExpr offsetExpr) {
        return offsetExpr != null ? Math.round(durationSeconds(offsetExpr) * 1000) : offsetMillis;
    }

    private Long atOf(Long timestamp, AtModifier at) {
        if (timestamp != null) {
            return timestamp;
        }
        return switch (at) {
            case START -> queryStart;
            case END -> queryEnd;
            case NONE -> null;
        };
    }

    private SelectHints hints(long minExclusive, long max, StepGrid g, Hint hint, long range) {
        return new SelectHints(minExclusive + 1, max, g.steps() > 1 ? g.interval() : 0, hint.func(), range,
                hint.grouping(), hint.by(), false);
    }

    private List<StepSeries> selectVector(VectorSelector vs, StepGrid g, Hint hint) {
        SelectedSeries sel = select(vs, g, hint);
        List<StepSeries> out = new ArrayList<>(sel.raw().size());
        long present = 0;
        for (RawSeries rs : sel.raw()) {
            double[] values = new double[g.steps()];
            int count = sel.stepValues(rs, values);
            if (count > 0) {
                out.add(new StepSeries(rs.labels(), values));
                present += count;
                countPresentSteps(values, count);
            }
        }
        ctx.acquireSamples(present);
        return out;
    }

    /** Counts one queryable sample per present step (Prometheus's per-step stats of instant selectors). */
    private void countPresentSteps(double[] values, int present) {
        if (!ctx.tracksSamplesPerStep()) {
            ctx.countSamples(present);
            return;
        }
        for (int i = 0; i < values.length; i++) {
            if (Steps.isPresent(values[i])) {
                ctx.countSamplesAtStep(i, 1);
            }
        }
    }

    /** Counts the points in each step's window (Prometheus's per-step stats of range functions). */
    private void countWindows(RangeInput in, StepGrid g) {
        long range = in.window().rangeMillis();
        for (RawSeries rs : in.series()) {
            int lo = 0;
            int hi = 0;
            for (int i = 0; i < g.steps(); i++) {
                long ref = in.window().ref(g, i);
                lo = rs.firstAfter(ref - range, lo);
                hi = rs.firstAfter(ref, Math.max(lo, hi));
                if (hi > lo) {
                    ctx.countSamplesAtStep(i, hi - lo);
                }
            }
        }
    }

    /**
     * A range query's result when its expression is a plain selector: the points of each series straight
     * from the step values, without holding a step array per series.
     */
    List<RangeSeries> selectorMatrix(VectorSelector vs, StepGrid g) {
        SelectedSeries sel = select(vs, g, Hint.NONE);
        List<RangeSeries> out = new ArrayList<>(sel.raw().size());
        int steps = g.steps();
        double[] scratch = new double[steps];
        long[] ts = new long[steps];
        double[] vals = new double[steps];
        long present = 0;
        for (RawSeries rs : sel.raw()) {
            ctx.checkInterrupted("expression evaluation");
            int n = sel.points(rs, g.start(), steps, ts, vals, scratch);
            if (n > 0) {
                out.add(new RangeSeries(rs.labels(), Arrays.copyOf(ts, n), Arrays.copyOf(vals, n)));
                present += n;
                if (ctx.tracksSamplesPerStep()) {
                    for (int k = 0; k < n; k++) {
                        ctx.countSamplesAtStep((int) ((ts[k] - g.start()) / g.interval()), 1);
                    }
                } else {
                    ctx.countSamples(n);
                }
            }
        }
        ctx.acquireSamples(present);
        return out;
    }

    private SelectedSeries select(VectorSelector vs, StepGrid g, Hint hint) {
        long offset = offsetOf(vs.offsetMillis(), vs.offsetExpr());
        Long at = atOf(vs.timestamp(), vs.at());
        long minRef = (at != null ? at : g.start()) - offset;
        long maxRef = (at != null ? at : g.end()) - offset;
        List<RawSeries> raw = loader.load(vs.matchers(), minRef - lookbackMillis, maxRef,
                hints(minRef - lookbackMillis, maxRef, g, hint, 0), true);
        return new SelectedSeries(raw, at != null, at != null ? at - offset : 0, g.start() - offset, g.interval(),
                lookbackMillis);
    }

    /** The loaded samples of an instant selector and where its steps look. */
    private record SelectedSeries(List<RawSeries> raw, boolean fixed, long fixedRef, long firstRef, long interval,
            long lookbackMillis) {

        /** Fills {@code values} with the series' value at each step (or absent) and returns how many are present. */
        int stepValues(RawSeries rs, double[] values) {
            if (fixed) {
                return fixedStepValues(rs, values);
            }
            Arrays.fill(values, Steps.ABSENT);
            return walk(rs, values.length, values, null, 0, null);
        }

        /**
         * Appends the present steps' times ({@code gridStart + i * interval}) and values to {@code ts} and
         * {@code out}, which hold one entry per step, and returns how many there are.
         */
        int points(RawSeries rs, long gridStart, int steps, long[] ts, double[] out, double[] scratch) {
            if (fixed) {
                int n = 0;
                if (fixedStepValues(rs, scratch) > 0) {
                    for (int i = 0; i < steps; i++) {
                        if (Steps.isPresent(scratch[i])) {
                            ts[n] = gridStart + i * interval;
                            out[n++] = scratch[i];
                        }
                    }
                }
                return n;
            }
            return walk(rs, steps, null, ts, gridStart, out);
        }

        /**
         * Walks samples and steps together, without division: each sample is seen by the steps whose
         * reference time is at or after it, before the next sample and within the lookback window
         * (left-open). Writes either one value per step into {@code byStep}, or the present steps' times
         * and values into {@code ts}/{@code out}; returns how many steps are present.
         */
        private int walk(RawSeries rs, int steps, double[] byStep, long[] ts, long gridStart, double[] out) {
            long[] sampleTs = rs.timestamps();
            double[] vs = rs.values();
            int size = rs.size();
            int n = 0;
            int i = 0;
            long ref = firstRef;
            for (int k = 0; k < size && i < steps; k++) {
                long t = sampleTs[k];
                while (i < steps && ref < t) {
                    i++;
                    ref += interval;
                }
                long end = t + lookbackMillis;
                if (k + 1 < size && sampleTs[k + 1] < end) {
                    end = sampleTs[k + 1];
                }
                double v = vs[k];
                if (Steps.isStale(v)) {
                    continue;
                }
                while (i < steps && ref < end) {
                    if (byStep != null) {
                        byStep[i] = v;
                    } else {
                        ts[n] = gridStart + i * interval;
                        out[n] = v;
                    }
                    n++;
                    i++;
                    ref += interval;
                }
            }
            return n;
        }

        /** With {@code @}, every step looks at the same time. */
        private int fixedStepValues(RawSeries rs, double[] values) {
            long[] ts = rs.timestamps();
            int j = 0;
            while (j < rs.size() && ts[j] <= fixedRef) {
                j++;
            }
            double v = Steps.ABSENT;
            if (j > 0 && ts[j - 1] > fixedRef - lookbackMillis && !Steps.isStale(rs.values()[j - 1])) {
                v = rs.values()[j - 1];
            }
            Arrays.fill(values, v);
            return Steps.isPresent(v) ? values.length : 0;
        }
    }

    /**
     * The samples of a range selector or subquery and the window of each step.
     *
     * @param innerSamples queryable samples counted while evaluating a subquery's expression
     */
    record RangeInput(List<RawSeries> series, WindowSpec window, long innerSamples) {
    }

    private RangeInput loadRange(Expr arg, StepGrid g, Hint hint) {
        Expr a = unwrap(arg);
        if (a instanceof MatrixSelector ms) {
            VectorSelector vs = ms.selector();
            long offset = offsetOf(vs.offsetMillis(), vs.offsetExpr());
            Long at = atOf(vs.timestamp(), vs.at());
            long range = ms.rangeExpr() != null ? Math.round(durationSeconds(ms.rangeExpr()) * 1000) : ms.rangeMillis();
            long minRef = (at != null ? at : g.start()) - offset;
            long maxRef = (at != null ? at : g.end()) - offset;
            List<RawSeries> raw = loader.load(vs.matchers(), minRef - range, maxRef,
                    hints(minRef - range, maxRef, g, hint, range), false);
            return new RangeInput(raw, new WindowSpec(range, offset, at), 0);
        }
        if (a instanceof SubqueryExpr sq) {
            return subqueryInput(sq, g);
        }
        throw new QueryException.Evaluation("expected a range vector, got " + a);
    }

    private RangeInput subqueryInput(SubqueryExpr sq, StepGrid g) {
        long offset = offsetOf(sq.offsetMillis(), sq.offsetExpr());
        Long at = atOf(sq.timestamp(), sq.at());
        long range = sq.rangeExpr() != null ? Math.round(durationSeconds(sq.rangeExpr()) * 1000) : sq.rangeMillis();
        long step = sq.stepExpr() != null ? Math.round(durationSeconds(sq.stepExpr()) * 1000) : sq.stepMillis();
        if (step <= 0) {
            step = noStepSubqueryIntervalMillis;
        }
        long end = (at != null ? at : g.end()) - offset;
        long base = (at != null ? at : g.start()) - offset - range;
        long start = step * (base / step);
        if (start <= base) {
            start += step;
        }
        List<RawSeries> raw = new ArrayList<>();
        long innerSamples = 0;
        if (start <= end) {
            StepGrid inner = new StepGrid(start, end, step);
            EvalContext.SampleCounts outer = ctx.suspendSampleCounts();
            EvalValue v;
            try {
                v = eval(sq.expr(), inner, Hint.NONE);
            } finally {
                innerSamples = ctx.resumeSampleCounts(outer);
            }
            for (StepSeries s : ((VectorValue) v).series()) {
                long[] ts = new long[inner.steps()];
                double[] vals = new double[inner.steps()];
                int n = 0;
                for (int i = 0; i < inner.steps(); i++) {
                    if (Steps.isPresent(s.values()[i])) {
                        ts[n] = inner.time(i);
                        vals[n] = s.values()[i];
                        n++;
                    }
                }
                raw.add(new RawSeries(s.labels(), ts, vals, n));
            }
        }
        return new RangeInput(raw, new WindowSpec(range, offset, at), innerSamples);
    }

    private MatrixValue matrixAtStart(MatrixSelector ms, StepGrid g) {
        if (g.steps() != 1) {
            throw new QueryException.Evaluation("cannot do range evaluation of matrix selector");
        }
        MatrixValue m = windowAtStart(loadRange(ms, g, Hint.NONE), g);
        long points = 0;
        for (RawSeries rs : m.series()) {
            points += rs.size();
        }
        ctx.countSamplesAtStep(0, points);
        return m;
    }

    private MatrixValue subqueryAtStart(SubqueryExpr sq, StepGrid g) {
        if (g.steps() != 1) {
            throw new QueryException.Evaluation("cannot do range evaluation of subquery");
        }
        RangeInput in = subqueryInput(sq, g);
        // Prometheus counts a subquery's own evaluation at each outer step, not the points it returns.
        ctx.countSamplesAtStep(0, in.innerSamples());
        return windowAtStart(in, g);
    }

    private MatrixValue windowAtStart(RangeInput in, StepGrid g) {
        long ref = in.window().ref(g, 0);
        long min = ref - in.window().rangeMillis();
        List<RawSeries> out = new ArrayList<>();
        for (RawSeries rs : in.series()) {
            int lo = rs.firstAfter(min, 0);
            int hi = rs.firstAfter(ref, lo);
            if (hi > lo) {
                out.add(new RawSeries(rs.labels(), Arrays.copyOfRange(rs.timestamps(), lo, hi),
                        Arrays.copyOfRange(rs.values(), lo, hi), hi - lo));
            }
        }
        return new MatrixValue(out);
    }

    // ---- operators ----

    private EvalValue unary(UnaryExpr u, StepGrid g) {
        EvalValue v = eval(u.expr(), g);
        if (u.op() != BinaryOp.SUB) {
            return v;
        }
        if (v instanceof ScalarValue s) {
            double[] r = new double[s.values().length];
            for (int i = 0; i < r.length; i++) {
                r[i] = -s.values()[i];
            }
            return new ScalarValue(r);
        }
        List<StepSeries> out = new ArrayList<>();
        java.util.Set<Labels> seen = new java.util.HashSet<>();
        for (StepSeries s : ((VectorValue) v).series()) {
            double[] r = s.values().clone();
            for (int i = 0; i < r.length; i++) {
                if (Steps.isPresent(r[i])) {
                    r[i] = -r[i];
                }
            }
            Labels l = MetricName.drop(s.labels());
            if (!seen.add(l)) {
                throw new QueryException.Evaluation("vector cannot contain metrics with the same labelset");
            }
            out.add(new StepSeries(l, r));
        }
        return new VectorValue(out);
    }

    private EvalValue binary(BinaryExpr b, StepGrid g) {
        EvalValue l = eval(b.lhs(), g);
        EvalValue r = eval(b.rhs(), g);
        EvalValue result = BinaryOperations.evaluate(b, l, r, g.steps(), ctx);
        release(l);
        release(r);
        acquire(result);
        return result;
    }

    private EvalValue aggregate(AggregateExpr a, StepGrid g) {
        double[] param = null;
        String stringParam = null;
        if (a.param() != null) {
            EvalValue p = eval(a.param(), g);
            if (p instanceof ScalarValue s) {
                param = s.values();
            } else if (p instanceof StringResult s) {
                stringParam = s.value();
            }
        }
        Hint hint = new Hint(a.op().toString(), a.grouping(), !a.without());
        EvalValue in = eval(a.expr(), g, hint);
        List<StepSeries> out = Aggregator.evaluate(a, ((VectorValue) in).series(), param, stringParam, g.steps(), ctx);
        release(in);
        EvalValue result = new VectorValue(out);
        acquire(result);
        return result;
    }

    private EvalValue call(Call c, StepGrid g, Hint hint) {
        String name = c.function().name();
        List<Expr> args = c.args();
        switch (name) {
            case "label_replace", "label_join" -> {
                EvalValue v = eval(args.getFirst(), g);
                String[] strings = stringArgs(args, g);
                return new VectorValue(LabelFunctions.evaluate(name, ((VectorValue) v).series(), strings, g.steps()));
            }
            case "info" -> {
                VectorValue v = (VectorValue) eval(args.getFirst(), g);
                List<io.jthanos.model.Matcher> selector = args.size() > 1
                        ? ((VectorSelector) unwrap(args.get(1))).matchers() : List.of();
                EvalValue result = new VectorValue(InfoFunction.evaluate(v.series(), selector, g, loader, lookbackMillis, ctx));
                release(v);
                acquire(result);
                return result;
            }
            case "timestamp" -> {
                if (unwrap(args.getFirst()) instanceof VectorSelector vs) {
                    return new VectorValue(timestampOfSelector(vs, g, hint));
                }
            }
            case "absent" -> {
                EvalValue v = eval(args.getFirst(), g);
                return new VectorValue(InstantFunctions.absent(((VectorValue) v).series(), args.getFirst(), g.steps()));
            }
            default -> {
            }
        }
        int matrixIndex = -1;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).type() == ValueType.MATRIX) {
                matrixIndex = i;
                break;
            }
        }
        if (matrixIndex >= 0) {
            double[][] scalars = new double[args.size()][];
            for (int i = 0; i < args.size(); i++) {
                if (i != matrixIndex) {
                    scalars[i] = ((ScalarValue) eval(args.get(i), g)).values();
                }
            }
            Hint h = new Hint(name, hint.grouping(), hint.by());
            RangeInput in = loadRange(args.get(matrixIndex), g, h);
            countWindows(in, g);
            long loaded = 0;
            for (RawSeries rs : in.series()) {
                loaded += rs.size();
            }
            ctx.acquireSamples(loaded);
            // Prometheus reports range-function annotations at the first argument (the range for rate, q for quantile_over_time).
            List<StepSeries> out = RangeFunctions.evaluate(name, in.series(), in.window(), g, scalars, matrixIndex,
                    ctx, args.getFirst().positionRange());
            ctx.releaseSamples(loaded);
            if (name.equals("absent_over_time")) {
                out = absentOverTime(out, args.get(matrixIndex), g.steps());
            }
            EvalValue result = new VectorValue(out);
            acquire(result);
            return result;
        }
        List<StepSeries> vector = null;
        double[][] scalars = new double[args.size()][];
        String[] strings = new String[args.size()];
        List<EvalValue> evaluated = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            EvalValue v = eval(args.get(i), g, new Hint(name, hint.grouping(), hint.by()));
            evaluated.add(v);
            switch (v) {
                case VectorValue vv -> {
                    if (vector == null) {
                        vector = vv.series();
                    }
                }
                case ScalarValue s -> scalars[i] = s.values();
                case StringResult s -> strings[i] = s.value();
                case MatrixValue m -> throw new QueryException.Evaluation("unexpected range vector argument");
            }
        }
        io.jthanos.promql.parser.PositionRange[] positions = new io.jthanos.promql.parser.PositionRange[args.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = args.get(i).positionRange();
        }
        EvalValue result = InstantFunctions.evaluate(name, vector, scalars, strings, g, ctx, positions);
        evaluated.forEach(this::release);
        acquire(result);
        return result;
    }

    private static List<StepSeries> absentOverTime(List<StepSeries> present, Expr arg, int steps) {
        double[] r = new double[steps];
        Arrays.fill(r, 1);
        for (StepSeries s : present) {
            for (int i = 0; i < steps; i++) {
                if (Steps.isPresent(s.values()[i])) {
                    r[i] = Steps.ABSENT;
                }
            }
        }
        if (Steps.countPresent(r) == 0) {
            return List.of();
        }
        return List.of(new StepSeries(InstantFunctions.absentLabels(arg), r));
    }

    private String[] stringArgs(List<Expr> args, StepGrid g) {
        String[] s = new String[args.size()];
        for (int i = 1; i < args.size(); i++) {
            s[i] = ((StringResult) eval(args.get(i), g)).value();
        }
        return s;
    }

    /** {@code timestamp(selector)}: the timestamps of the selected samples, not of the steps. */
    private List<StepSeries> timestampOfSelector(VectorSelector vs, StepGrid g, Hint hint) {
        long offset = offsetOf(vs.offsetMillis(), vs.offsetExpr());
        Long at = atOf(vs.timestamp(), vs.at());
        long minRef = (at != null ? at : g.start()) - offset;
        long maxRef = (at != null ? at : g.end()) - offset;
        List<RawSeries> raw = loader.load(vs.matchers(), minRef - lookbackMillis, maxRef,
                hints(minRef - lookbackMillis, maxRef, g, new Hint("timestamp", hint.grouping(), hint.by()), 0), true);
        SeriesMerger merger = new SeriesMerger(g.steps());
        for (RawSeries rs : raw) {
            double[] values = Steps.absent(g.steps());
            int j = 0;
            int count = 0;
            for (int i = 0; i < g.steps(); i++) {
                long ref = (at != null ? at : g.time(i)) - offset;
                while (j < rs.size() && rs.timestamps()[j] <= ref) {
                    j++;
                }
                if (j > 0) {
                    int k = j - 1;
                    if (rs.timestamps()[k] > ref - lookbackMillis && !Steps.isStale(rs.values()[k])) {
                        values[i] = rs.timestamps()[k] / 1000.0;
                        count++;
                        ctx.countSamplesAtStep(i, 1);
                    }
                }
            }
            if (count > 0) {
                merger.add(MetricName.drop(rs.labels()), values);
            }
        }
        List<StepSeries> out = merger.result();
        acquire(new VectorValue(out));
        return out;
    }

    // ---- helpers ----

    static Expr unwrap(Expr e) {
        Expr x = e;
        while (true) {
            if (x instanceof ParenExpr p) {
                x = p.expr();
            } else if (x instanceof StepInvariantExpr s) {
                x = s.expr();
            } else {
                return x;
            }
        }
    }


    /** Value of a duration expression in seconds. */
    double durationSeconds(Expr d) {
        return switch (d) {
            case NumberLiteral n -> n.value();
            case ParenExpr p -> durationSeconds(p.expr());
            case DurationExpr de -> {
                double r = durationSeconds(de.rhs());
                if (de.lhs() == null) {
                    yield de.op() == BinaryOp.SUB ? -r : r;
                }
                double l = durationSeconds(de.lhs());
                yield switch (de.op()) {
                    case ADD -> l + r;
                    case SUB -> l - r;
                    case MUL -> l * r;
                    case DIV -> l / r;
                    case MOD -> l % r;
                    case POW -> Math.pow(l, r);
                    default -> throw new QueryException.Evaluation("unsupported duration operator " + de.op());
                };
            }
            default -> throw new QueryException.Evaluation("unexpected duration expression " + d);
        };
    }

    private void acquire(EvalValue v) {
        ctx.acquireSamples(count(v));
    }

    private void release(EvalValue v) {
        ctx.releaseSamples(count(v));
    }

    private static long count(EvalValue v) {
        if (v instanceof VectorValue vv) {
            long n = 0;
            for (StepSeries s : vv.series()) {
                n += Steps.countPresent(s.values());
            }
            return n;
        }
        return 0;
    }
}
