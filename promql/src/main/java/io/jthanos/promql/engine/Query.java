package io.jthanos.promql.engine;

import io.jthanos.model.Labels;
import io.jthanos.promql.engine.EvalValue.MatrixValue;
import io.jthanos.promql.engine.EvalValue.ScalarValue;
import io.jthanos.promql.engine.EvalValue.StringResult;
import io.jthanos.promql.engine.EvalValue.VectorValue;
import io.jthanos.promql.parser.AggregateExpr;
import io.jthanos.promql.parser.AggregateOp;
import io.jthanos.promql.parser.Call;
import io.jthanos.promql.parser.Expr;
import io.jthanos.promql.parser.ValueType;
import io.jthanos.storage.Queryable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A prepared instant or range query. {@link #execute()} runs it once; {@link #cancel()} may be called
 * from another thread and makes a running execution fail with {@link QueryException.Canceled}, as does
 * interrupting the thread that runs it (the interrupt stays set).
 */
public final class Query {

    private final Queryable queryable;
    private final EngineOptions options;
    private final Expr expr;
    private final String text;
    private final long start;
    private final long end;
    private final long step;
    private final boolean range;
    private volatile EvalContext running;
    private volatile boolean canceled;
    private boolean perStepStats;

    Query(Queryable queryable, EngineOptions options, Expr expr, String text, long start, long end, long step, boolean range) {
        this.queryable = queryable;
        this.options = options;
        this.expr = expr;
        this.text = text;
        this.start = start;
        this.end = end;
        this.step = step;
        this.range = range;
    }

    /** The parsed expression. */
    public Expr expr() {
        return expr;
    }

    /** Stops a running or future execution. */
    public void cancel() {
        canceled = true;
        EvalContext c = running;
        if (c != null) {
            c.cancel();
        }
    }

    /** Makes {@link #execute()} count queryable samples per step too ({@link QueryStats#samplesPerStep()}). */
    public void enablePerStepStats() {
        perStepStats = true;
    }

    /**
     * Evaluates the query.
     *
     * @throws QueryException on timeout, cancellation, the sample limit or an evaluation error
     */
    public QueryResult execute() {
        long t0 = System.nanoTime();
        EvalContext ctx = new EvalContext(text, t0 + options.timeout().toNanos(), options.maxSamples());
        running = ctx;
        if (canceled) {
            ctx.cancel();
        }
        ctx.checkDeadlineNow("query execution");
        Evaluator ev = new Evaluator(queryable, ctx, options, start, end);
        StepGrid grid = new StepGrid(start, end, range ? step : 1);
        if (perStepStats) {
            ctx.trackSamplesPerStep(grid.start(), grid.steps(), grid.interval());
        }
        Value value;
        if (range && unwrap(expr) instanceof io.jthanos.promql.parser.VectorSelector vs) {
            List<RangeSeries> series = ev.selectorMatrix(vs, grid);
            sortByLabels(series);
            value = new Matrix(series);
        } else {
            EvalValue v = ev.eval(expr, grid);
            value = range ? toMatrix(v, grid) : toInstant(v, grid);
        }
        ctx.checkDeadlineNow("expression evaluation");
        running = null;
        return new QueryResult(value, ctx.annotations(), ctx.stats(System.nanoTime() - t0));
    }

    /** Sorts by labels; results of selectors arrive sorted, so check that first. */
    private static void sortByLabels(List<RangeSeries> out) {
        for (int i = 1; i < out.size(); i++) {
            if (compareLabels(out.get(i - 1).labels(), out.get(i).labels()) > 0) {
                out.sort((a, b) -> compareLabels(a.labels(), b.labels()));
                return;
            }
        }
    }

    /** {@link Labels#compareTo} with a shortcut for the strings that series of one block share. */
    private static int compareLabels(Labels a, Labels b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            String x = a.name(i);
            String y = b.name(i);
            if (x != y) {
                int c = Labels.compareStrings(x, y);
                if (c != 0) {
                    return c;
                }
            }
            x = a.value(i);
            y = b.value(i);
            if (x != y) {
                int c = Labels.compareStrings(x, y);
                if (c != 0) {
                    return c;
                }
            }
        }
        return a.size() - b.size();
    }

    private Value toInstant(EvalValue v, StepGrid grid) {
        long t = grid.start();
        return switch (v) {
            case ScalarValue s -> new Scalar(t, s.values()[0]);
            case StringResult s -> new StringValue(t, s.value());
            case MatrixValue m -> {
                List<RangeSeries> out = new ArrayList<>();
                for (RawSeries rs : m.series()) {
                    out.add(new RangeSeries(rs.labels(), Arrays.copyOf(rs.timestamps(), rs.size()),
                            Arrays.copyOf(rs.values(), rs.size())));
                }
                sortByLabels(out);
                yield new Matrix(out);
            }
            case VectorValue vv -> {
                List<StepSeries> series = new ArrayList<>(vv.series());
                List<Sample> samples = new ArrayList<>(series.size());
                for (StepSeries s : series) {
                    if (Steps.isPresent(s.values()[0])) {
                        samples.add(new Sample(s.labels(), t, s.values()[0]));
                    }
                }
                orderInstant(samples);
                yield new Vector(samples);
            }
        };
    }

    /** Sorts by labels, unless the outermost operation defines an order (sort functions, topk/bottomk). */
    private void orderInstant(List<Sample> samples) {
        Expr e = unwrap(expr);
        if (e instanceof Call c) {
            switch (c.function().name()) {
                case "sort" -> {
                    samples.sort((a, b) -> compareValues(a.value(), b.value(), false));
                    return;
                }
                case "sort_desc" -> {
                    samples.sort((a, b) -> compareValues(a.value(), b.value(), true));
                    return;
                }
                case "sort_by_label", "sort_by_label_desc" -> {
                    boolean desc = c.function().name().endsWith("_desc");
                    List<String> names = new ArrayList<>();
                    for (int i = 1; i < c.args().size(); i++) {
                        names.add(((io.jthanos.promql.parser.StringLiteral) unwrap(c.args().get(i))).value());
                    }
                    // Port of funcSortByLabel(Desc): natural order of the named labels, then all labels.
                    int sign = desc ? -1 : 1;
                    Comparator<Sample> cmp = (a, b) -> {
                        for (String n : names) {
                            String x = a.labels().get(n);
                            String y = b.labels().get(n);
                            x = x == null ? "" : x;
                            y = y == null ? "" : y;
                            if (x.equals(y)) {
                                continue;
                            }
                            return NaturalSort.less(x, y) ? -sign : sign;
                        }
                        return sign * a.labels().compareTo(b.labels());
                    };
                    samples.sort(cmp);
                    return;
                }
                default -> {
                }
            }
        }
        if (e instanceof AggregateExpr a && (a.op() == AggregateOp.TOPK || a.op() == AggregateOp.BOTTOMK)) {
            boolean desc = a.op() == AggregateOp.TOPK;
            samples.sort((x, y) -> compareValues(x.value(), y.value(), desc));
            return;
        }
        samples.sort(Comparator.comparing(Sample::labels));
    }

    /** NaN sorts last either way, as Prometheus's sort functions do. */
    private static int compareValues(double a, double b, boolean descending) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Boolean.compare(Double.isNaN(a), Double.isNaN(b));
        }
        return descending ? Double.compare(b, a) : Double.compare(a, b);
    }

    private static Expr unwrap(Expr e) {
        return Evaluator.unwrap(e);
    }

    private Matrix toMatrix(EvalValue v, StepGrid grid) {
        int steps = grid.steps();
        List<StepSeries> series = switch (v) {
            case ScalarValue s -> List.of(new StepSeries(Labels.empty(), s.values()));
            case VectorValue vv -> vv.series();
            default -> throw new QueryException.Evaluation("invalid expression type \""
                    + (v instanceof StringResult ? ValueType.STRING : ValueType.MATRIX).documented()
                    + "\" for range query, must be Scalar or instant Vector");
        };
        List<RangeSeries> out = new ArrayList<>(series.size());
        long start = grid.start();
        long interval = grid.interval();
        for (StepSeries s : series) {
            double[] values = s.values();
            int n = Steps.countPresent(values);
            if (n == 0) {
                continue;
            }
            long[] ts = new long[n];
            double[] vs = new double[n];
            int k = 0;
            for (int i = 0; i < steps; i++) {
                double x = values[i];
                if (Steps.isPresent(x)) {
                    ts[k] = start + i * interval;
                    vs[k] = x;
                    k++;
                }
            }
            out.add(new RangeSeries(s.labels(), ts, vs));
        }
        sortByLabels(out);
        return new Matrix(out);
    }
}
