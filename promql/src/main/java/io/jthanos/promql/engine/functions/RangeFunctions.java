package io.jthanos.promql.engine.functions;

import io.jthanos.model.GoFloat;
import io.jthanos.model.Labels;
import io.jthanos.promql.engine.EvalContext;
import io.jthanos.promql.engine.MetricName;
import io.jthanos.promql.engine.QueryException;
import io.jthanos.promql.engine.RawSeries;
import io.jthanos.promql.engine.StepGrid;
import io.jthanos.promql.engine.StepSeries;
import io.jthanos.promql.engine.Steps;
import io.jthanos.promql.engine.WindowSpec;
import io.jthanos.promql.parser.GoStrings;
import io.jthanos.promql.parser.PositionRange;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Functions over range vectors ({@code rate}, {@code *_over_time}, …). Each series' samples are
 * loaded once; the window {@code (ref - range, ref]} of successive steps slides over them with two
 * indices. Semantics follow Prometheus 3.5's {@code promql/functions.go}.
 */
public final class RangeFunctions {

    private RangeFunctions() {
    }

    /**
     * Evaluates {@code name} for every series and step.
     *
     * @param scalars     per-argument scalar values per step (null for the range argument)
     * @param matrixIndex position of the range argument
     */
    public static List<StepSeries> evaluate(String name, List<RawSeries> input, WindowSpec window, StepGrid grid,
            double[][] scalars, int matrixIndex, EvalContext ctx, PositionRange argPosition) {
        Kernel kernel = Kernel.of(name);
        int steps = grid.steps();
        boolean keepName = name.equals("last_over_time");
        List<StepSeries> out = new ArrayList<>();
        Set<Labels> seen = new HashSet<>();
        double[] scratch = new double[16];
        boolean counter = kernel == Kernel.RATE || kernel == Kernel.INCREASE;
        boolean fixed = window.at() != null;
        long atMillis = fixed ? window.at() : 0;
        long offset = window.offsetMillis();
        long rangeMillis = window.rangeMillis();
        long gridStart = grid.start();
        long interval = grid.interval();
        int[] resets = new int[16];
        for (RawSeries rs : input) {
            ctx.checkInterrupted("expression evaluation");
            long[] t = rs.timestamps();
            double[] v = rs.values();
            double[] result = Steps.absent(steps);
            int lo = 0;
            int hi = 0;
            int count = 0;
            // Counter resets, found once per series; each window adds those inside it in order.
            int resetCount = 0;
            int firstReset = 0;
            if (counter) {
                for (int j = 1; j < rs.size(); j++) {
                    if (v[j] < v[j - 1]) {
                        if (resetCount == resets.length) {
                            resets = java.util.Arrays.copyOf(resets, resetCount * 2);
                        }
                        resets[resetCount++] = j;
                    }
                }
            }
            for (int i = 0; i < steps; i++) {
                long ref = (fixed ? atMillis : gridStart + i * interval) - offset;
                long min = ref - rangeMillis;
                if (!fixed || i == 0) {
                    lo = rs.firstAfter(min, lo);
                    hi = rs.firstAfter(ref, Math.max(lo, hi));
                }
                if (hi == lo) {
                    continue;
                }
                if (hi - lo > scratch.length) {
                    scratch = new double[Math.max(hi - lo, scratch.length * 2)];
                }
                if (counter) {
                    while (firstReset < resetCount && resets[firstReset] <= lo) {
                        firstReset++;
                    }
                }
                double r = switch (kernel) {
                    case RATE, INCREASE -> {
                        if (hi - lo < 2) {
                            yield Steps.ABSENT;
                        }
                        double delta = v[hi - 1] - v[lo];
                        for (int k = firstReset; k < resetCount && resets[k] < hi; k++) {
                            delta += v[resets[k] - 1];
                        }
                        yield extrapolate(t, v, lo, hi, min, ref, rangeMillis, delta, true, kernel == Kernel.RATE);
                    }
                    case DELTA -> hi - lo < 2 ? Steps.ABSENT
                            : extrapolate(t, v, lo, hi, min, ref, rangeMillis, v[hi - 1] - v[lo], false, false);
                    case IRATE -> instantValue(t, v, lo, hi, true);
                    case IDELTA -> instantValue(t, v, lo, hi, false);
                    case DERIV -> deriv(t, v, lo, hi);
                    case PREDICT_LINEAR -> predictLinear(t, v, lo, hi, grid.time(i), scalars[1][i]);
                    case AVG -> avgOverTime(v, lo, hi);
                    case SUM -> sumOverTime(v, lo, hi);
                    case COUNT, PRESENT -> kernel == Kernel.COUNT ? hi - lo : 1;
                    case MIN -> minOverTime(v, lo, hi);
                    case MAX -> maxOverTime(v, lo, hi);
                    case LAST -> v[hi - 1];
                    case STDDEV -> Math.sqrt(stdvarOverTime(v, lo, hi));
                    case STDVAR -> stdvarOverTime(v, lo, hi);
                    case QUANTILE -> {
                        double q = scalars[0][i];
                        if (Double.isNaN(q) || q < 0 || q > 1) {
                            ctx.warn("quantile value should be between 0 and 1, got " + GoFloat.formatG(q),
                                    argPosition);
                        }
                        System.arraycopy(v, lo, scratch, 0, hi - lo);
                        yield Quantiles.quantile(q, scratch, hi - lo);
                    }
                    case MAD -> madOverTime(v, lo, hi, scratch);
                    case CHANGES -> changes(v, lo, hi);
                    case RESETS -> resets(v, lo, hi);
                    case DOUBLE_EXPONENTIAL_SMOOTHING -> doubleExponentialSmoothing(v, lo, hi, scalars[1][i], scalars[2][i]);
                    case TS_OF_MIN -> tsOfExtreme(t, v, lo, hi, false);
                    case TS_OF_MAX -> tsOfExtreme(t, v, lo, hi, true);
                    case TS_OF_LAST -> t[hi - 1] / 1000.0;
                };
                if (Steps.isPresent(r)) {
                    result[i] = r;
                    count++;
                }
            }
            if (count == 0) {
                continue;
            }
            Labels labels = keepName ? rs.labels() : MetricName.drop(rs.labels());
            if (!seen.add(labels)) {
                throw new QueryException.Evaluation("vector cannot contain metrics with the same labelset");
            }
            out.add(new StepSeries(labels, result));
            if (kernel == Kernel.RATE || kernel == Kernel.INCREASE) {
                String metric = rs.labels().metricName();
                if (metric != null && !metric.endsWith("_total") && !metric.endsWith("_sum")
                        && !metric.endsWith("_count") && !metric.endsWith("_bucket")) {
                    ctx.info("metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "
                            + GoStrings.quote(metric), argPosition);
                }
            }
        }
        return out;
    }

    private enum Kernel {
        RATE, INCREASE, DELTA, IRATE, IDELTA, DERIV, PREDICT_LINEAR, AVG, SUM, COUNT, PRESENT, MIN, MAX, LAST, STDDEV,
        STDVAR, QUANTILE, MAD, CHANGES, RESETS, DOUBLE_EXPONENTIAL_SMOOTHING, TS_OF_MIN, TS_OF_MAX, TS_OF_LAST;

        static Kernel of(String name) {
            return switch (name) {
                case "rate" -> RATE;
                case "increase" -> INCREASE;
                case "delta" -> DELTA;
                case "irate" -> IRATE;
                case "idelta" -> IDELTA;
                case "deriv" -> DERIV;
                case "predict_linear" -> PREDICT_LINEAR;
                case "avg_over_time" -> AVG;
                case "sum_over_time" -> SUM;
                case "count_over_time", "absent_over_time" -> COUNT;
                case "present_over_time" -> PRESENT;
                case "min_over_time" -> MIN;
                case "max_over_time" -> MAX;
                case "last_over_time" -> LAST;
                case "stddev_over_time" -> STDDEV;
                case "stdvar_over_time" -> STDVAR;
                case "quantile_over_time" -> QUANTILE;
                case "mad_over_time" -> MAD;
                case "changes" -> CHANGES;
                case "resets" -> RESETS;
                case "double_exponential_smoothing" -> DOUBLE_EXPONENTIAL_SMOOTHING;
                case "ts_of_min_over_time" -> TS_OF_MIN;
                case "ts_of_max_over_time" -> TS_OF_MAX;
                case "ts_of_last_over_time" -> TS_OF_LAST;
                default -> throw new QueryException.Evaluation("function " + GoStrings.quote(name) + " is not implemented");
            };
        }
    }

    /**
     * Port of Prometheus's {@code extrapolatedRate} (3.x, left-open windows) for a window of at least two
     * samples whose delta, reset-corrected for counters, is {@code result}.
     */
    static double extrapolate(long[] t, double[] v, int lo, int hi, long rangeStart, long rangeEnd, long rangeMillis,
            double result, boolean isCounter, boolean isRate) {
        int n = hi - lo;
        long firstT = t[lo];
        long lastT = t[hi - 1];
        double durationToStart = (firstT - rangeStart) / 1000.0;
        double durationToEnd = (rangeEnd - lastT) / 1000.0;
        double sampledInterval = (lastT - firstT) / 1000.0;
        double averageDurationBetweenSamples = sampledInterval / (n - 1);
        double extrapolationThreshold = averageDurationBetweenSamples * 1.1;
        if (durationToStart >= extrapolationThreshold) {
            durationToStart = averageDurationBetweenSamples / 2;
        }
        if (isCounter && result > 0 && v[lo] >= 0) {
            // Counters cannot go below zero: do not extrapolate past the point where it would be zero.
            double durationToZero = sampledInterval * (v[lo] / result);
            if (durationToZero < durationToStart) {
                durationToStart = durationToZero;
            }
        }
        if (durationToEnd >= extrapolationThreshold) {
            durationToEnd = averageDurationBetweenSamples / 2;
        }
        double factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
        if (isRate) {
            factor /= rangeMillis / 1000.0;
        }
        return result * factor;
    }

    static double instantValue(long[] t, double[] v, int lo, int hi, boolean isRate) {
        if (hi - lo < 2) {
            return Steps.ABSENT;
        }
        double last = v[hi - 1];
        double previous = v[hi - 2];
        double result = isRate && last < previous ? last : last - previous;
        long interval = t[hi - 1] - t[hi - 2];
        if (interval == 0) {
            return Steps.ABSENT;
        }
        if (isRate) {
            result /= interval / 1000.0;
        }
        return result;
    }

    /** Least-squares slope and intercept at {@code interceptTime}, as Prometheus's {@code linearRegression}. */
    static double[] linearRegression(long[] t, double[] v, int lo, int hi, long interceptTime) {
        double n = 0;
        double sumX = 0;
        double cX = 0;
        double sumY = 0;
        double cY = 0;
        double sumXY = 0;
        double cXY = 0;
        double sumX2 = 0;
        double cX2 = 0;
        double initY = v[lo];
        boolean constY = true;
        for (int i = lo; i < hi; i++) {
            if (constY && i > lo && v[i] != initY) {
                constY = false;
            }
            n += 1;
            double x = (t[i] - interceptTime) / 1e3;
            cX = KahanSum.compensation(x, sumX, cX);
            sumX += x;
            cY = KahanSum.compensation(v[i], sumY, cY);
            sumY += v[i];
            double xy = x * v[i];
            cXY = KahanSum.compensation(xy, sumXY, cXY);
            sumXY += xy;
            double x2 = x * x;
            cX2 = KahanSum.compensation(x2, sumX2, cX2);
            sumX2 += x2;
        }
        if (constY) {
            if (Double.isInfinite(initY)) {
                return new double[] {Double.NaN, Double.NaN};
            }
            return new double[] {0, initY};
        }
        sumX += cX;
        sumY += cY;
        sumXY += cXY;
        sumX2 += cX2;
        double covXY = sumXY - sumX * sumY / n;
        double varX = sumX2 - sumX * sumX / n;
        double slope = covXY / varX;
        double intercept = sumY / n - slope * sumX / n;
        return new double[] {slope, intercept};
    }

    static double deriv(long[] t, double[] v, int lo, int hi) {
        if (hi - lo < 2) {
            return Steps.ABSENT;
        }
        return linearRegression(t, v, lo, hi, t[lo])[0];
    }

    static double predictLinear(long[] t, double[] v, int lo, int hi, long evalTime, double duration) {
        if (hi - lo < 2) {
            return Steps.ABSENT;
        }
        double[] si = linearRegression(t, v, lo, hi, evalTime);
        return si[0] * duration + si[1];
    }

    static double sumOverTime(double[] v, int lo, int hi) {
        double sum = 0;
        double c = 0;
        for (int i = lo; i < hi; i++) {
            c = KahanSum.compensation(v[i], sum, c);
            sum += v[i];
        }
        if (Double.isInfinite(sum)) {
            return sum;
        }
        return sum + c;
    }

    /** Mean with Kahan summation, switching to an incremental mean if the sum would overflow. */
    static double avgOverTime(double[] v, int lo, int hi) {
        double sum = 0;
        double mean = 0;
        double count = 0;
        double c = 0;
        boolean incremental = false;
        for (int i = lo; i < hi; i++) {
            double f = v[i];
            count++;
            if (!incremental) {
                double newSum = sum + f;
                double newC = KahanSum.compensation(f, sum, c);
                if (count == 1 || !Double.isInfinite(newSum)) {
                    sum = newSum;
                    c = newC;
                    continue;
                }
                incremental = true;
                mean = sum / (count - 1);
                c /= count - 1;
            }
            if (Double.isInfinite(mean)) {
                if (Double.isInfinite(f) && (mean > 0) == (f > 0)) {
                    continue;
                }
                if (!Double.isInfinite(f) && !Double.isNaN(f)) {
                    continue;
                }
            }
            double corrected = mean + c;
            double inc = f / count - corrected / count;
            c = KahanSum.compensation(inc, mean, c);
            mean += inc;
        }
        if (incremental) {
            return mean + c;
        }
        return sum / count + c / count;
    }

    static double minOverTime(double[] v, int lo, int hi) {
        double m = v[lo];
        for (int i = lo + 1; i < hi; i++) {
            if (v[i] < m || Double.isNaN(m)) {
                m = v[i];
            }
        }
        return m;
    }

    static double maxOverTime(double[] v, int lo, int hi) {
        double m = v[lo];
        for (int i = lo + 1; i < hi; i++) {
            if (v[i] > m || Double.isNaN(m)) {
                m = v[i];
            }
        }
        return m;
    }

    static double stdvarOverTime(double[] v, int lo, int hi) {
        double count = 0;
        double mean = 0;
        double cMean = 0;
        double aux = 0;
        double cAux = 0;
        for (int i = lo; i < hi; i++) {
            count++;
            double delta = v[i] - (mean + cMean);
            double inc = delta / count;
            cMean = KahanSum.compensation(inc, mean, cMean);
            mean += inc;
            double a = delta * (v[i] - (mean + cMean));
            cAux = KahanSum.compensation(a, aux, cAux);
            aux += a;
        }
        return (aux + cAux) / count;
    }

    static double madOverTime(double[] v, int lo, int hi, double[] scratch) {
        int n = hi - lo;
        System.arraycopy(v, lo, scratch, 0, n);
        double median = Quantiles.quantile(0.5, scratch, n);
        for (int i = 0; i < n; i++) {
            scratch[i] = Math.abs(v[lo + i] - median);
        }
        return Quantiles.quantile(0.5, scratch, n);
    }

    static double changes(double[] v, int lo, int hi) {
        int changes = 0;
        double prev = v[lo];
        for (int i = lo + 1; i < hi; i++) {
            double cur = v[i];
            if (!(cur == prev || (Double.isNaN(cur) && Double.isNaN(prev)))) {
                changes++;
            }
            prev = cur;
        }
        return changes;
    }

    static double resets(double[] v, int lo, int hi) {
        int resets = 0;
        double prev = v[lo];
        for (int i = lo + 1; i < hi; i++) {
            if (v[i] < prev) {
                resets++;
            }
            prev = v[i];
        }
        return resets;
    }

    static double doubleExponentialSmoothing(double[] v, int lo, int hi, double sf, double tf) {
        if (sf <= 0 || sf >= 1) {
            throw new QueryException.Evaluation("invalid smoothing factor. Expected: 0 < sf < 1, got: " + String.format(java.util.Locale.ROOT, "%f", sf));
        }
        if (tf <= 0 || tf >= 1) {
            throw new QueryException.Evaluation("invalid trend factor. Expected: 0 < tf < 1, got: " + String.format(java.util.Locale.ROOT, "%f", tf));
        }
        if (hi - lo < 2) {
            return Steps.ABSENT;
        }
        double s0 = 0;
        double s1 = v[lo];
        double b = v[lo + 1] - v[lo];
        for (int i = 1; i < hi - lo; i++) {
            double x = sf * v[lo + i];
            if (i - 1 != 0) {
                b = tf * (s1 - s0) + (1 - tf) * b;
            }
            double y = (1 - sf) * (s1 + b);
            s0 = s1;
            s1 = x + y;
        }
        return s1;
    }

    static double tsOfExtreme(long[] t, double[] v, int lo, int hi, boolean max) {
        double m = v[lo];
        long ts = t[lo];
        for (int i = lo + 1; i < hi; i++) {
            boolean better = max ? v[i] >= m : v[i] <= m;
            if (better || Double.isNaN(m)) {
                m = v[i];
                ts = t[i];
            }
        }
        return ts / 1000.0;
    }
}
