package io.jthanos.query.api;

import io.jthanos.promql.engine.Matrix;
import io.jthanos.promql.engine.QueryStats;
import io.jthanos.promql.engine.RangeSeries;
import io.jthanos.promql.engine.Sample;
import io.jthanos.promql.engine.Scalar;
import io.jthanos.promql.engine.StringValue;
import io.jthanos.promql.engine.Value;
import io.jthanos.promql.engine.Vector;

/** Writes PromQL results in Prometheus's JSON shapes ({@code resultType} and {@code result}). */
final class ResultJson {
    private ResultJson() {
    }

    /** {@code {"resultType":…,"result":…[,"stats":…]}}; {@code stats} may be {@code null}. */
    static void write(JsonWriter w, Value value, QueryStats stats) {
        w.beginObject();
        switch (value) {
            case Scalar s -> {
                w.name("resultType").value("scalar").name("result");
                w.beginArray().timestamp(s.timestamp()).sampleValue(s.value()).endArray();
            }
            case StringValue s -> {
                w.name("resultType").value("string").name("result");
                w.beginArray().timestamp(s.timestamp()).value(s.value()).endArray();
            }
            case Vector v -> {
                w.name("resultType").value("vector").name("result").beginArray();
                for (Sample s : v.samples()) {
                    w.beginObject().name("metric").labels(s.labels()).name("value").point(s.timestamp(), s.value());
                    w.endObject();
                }
                w.endArray();
            }
            case Matrix m -> {
                long points = 0;
                for (RangeSeries s : m.series()) {
                    points += s.timestamps().length;
                }
                // A point takes 15 to 40 bytes ([1700006400,"1"], to [1700006400,"0.35555555555555557"],): room for
                // the first series, then for the rest at the first series' size per point, so that the buffer
                // is neither copied by doubling nor much larger than the answer.
                int series = m.series().size();
                w.reserve(series == 0 ? 256 : m.series().getFirst().timestamps().length * 40L + 1024);
                w.name("resultType").value("matrix").name("result").beginArray();
                int firstStart = w.size();
                for (int j = 0; j < series; j++) {
                    RangeSeries s = m.series().get(j);
                    if (j == 1) {
                        long firstPoints = m.series().getFirst().timestamps().length;
                        long perPoint = firstPoints == 0 ? 24 : (w.size() - firstStart) / firstPoints + 2;
                        w.reserve((points - firstPoints) * perPoint + (series - 1) * 256L + 1024);
                    }
                    w.beginObject().name("metric").labels(s.labels()).name("values").beginArray();
                    long[] ts = s.timestamps();
                    double[] vs = s.values();
                    for (int i = 0; i < ts.length; i++) {
                        w.point(ts[i], vs[i]);
                    }
                    w.endArray().endObject();
                }
                w.endArray();
            }
        }
        if (stats != null) {
            w.name("stats");
            writeStats(w, stats);
        }
        w.endObject();
    }

    /**
     * Prometheus's {@code stats.BuiltinStats}: timings in seconds and sample counts, with the samples of each
     * step when they were counted ({@code stats=all}).
     */
    static void writeStats(JsonWriter w, QueryStats stats) {
        double eval = stats.evalNanos() / 1e9;
        w.beginObject().name("timings").beginObject()
                .name("evalTotalTime").rawNumber(goFloat(eval))
                .name("resultSortTime").rawNumber("0")
                .name("queryPreparationTime").rawNumber("0")
                .name("innerEvalTime").rawNumber(goFloat(eval))
                .name("execQueueTime").rawNumber("0")
                .name("execTotalTime").rawNumber(goFloat(eval))
                .endObject()
                .name("samples").beginObject();
        QueryStats.SamplesPerStep perStep = stats.samplesPerStep();
        if (perStep != null && perStep.counts().length > 0) {
            // Prometheus's stepStat: [seconds as a Go float, count].
            w.name("totalQueryableSamplesPerStep").beginArray();
            long[] counts = perStep.counts();
            for (int i = 0; i < counts.length; i++) {
                w.beginArray().rawNumber(goFloat(perStep.time(i) / 1000.0)).value(counts[i]).endArray();
            }
            w.endArray();
        }
        w.name("totalQueryableSamples").value(stats.totalSamples())
                .name("peakSamples").value(stats.peakSamples())
                .endObject().endObject();
    }

    /**
     * A float as Go's {@code encoding/json} writes it, and as Prometheus writes sample values
     * ({@code jsonutil.MarshalValue}): plain, or exponent form below 1e-6 and from 1e21 ({@code 7.36e-07});
     * {@code NaN}, {@code +Inf}, {@code -Inf} as Prometheus spells them. The simple reference that
     * {@link SampleValueFormat}, which writes sample values, must always equal. Below 1e-318 (deep subnormals)
     * Java's shortest digits can differ from Go's, so both take Go's algorithm there.
     */
    static String goFloat(double v) {
        if (!Double.isFinite(v)) {
            return io.jthanos.promql.parser.GoStrings.formatFloat(v);
        }
        double a = Math.abs(v);
        if (a != 0 && a < 1e-318) {
            String shortest = SampleValueFormat.goShortest(a);
            int e = shortest.indexOf('e');
            String digits = shortest.substring(0, e);
            int exp = Integer.parseInt(shortest.substring(e + 1)) - 1;
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (v < 0 ? "-" : "") + mantissa + "e-" + (-exp);
        }
        if (a != 0 && (a < 1e-6 || a >= 1e21)) {
            String s = Double.toString(v).replace("E", "e");
            int e = s.indexOf('e');
            String mantissa = s.substring(0, e);
            if (mantissa.endsWith(".0")) {
                mantissa = mantissa.substring(0, mantissa.length() - 2);
            }
            String exp = s.substring(e + 1);
            String sign = exp.startsWith("-") ? "-" : "+";
            String digits = exp.startsWith("-") ? exp.substring(1) : exp;
            return mantissa + "e" + sign + (digits.length() < 2 ? "0" + digits : digits);
        }
        return io.jthanos.promql.parser.GoStrings.formatFloat(v);
    }
}
