package io.jthanos.benchmarks.promql;

import io.jthanos.benchmarks.promql.BenchQueries.BenchQuery;
import io.jthanos.promql.differential.DifferentialBlocks;
import io.jthanos.promql.differential.PrometheusProcess;
import io.jthanos.promql.engine.Engine;
import io.jthanos.promql.engine.EngineOptions;
import io.jthanos.promql.engine.Matrix;
import io.jthanos.promql.engine.QueryResult;
import io.jthanos.testing.Oracles;
import io.jthanos.tsdb.fileutil.FileTrees;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times {@link BenchQueries} on our engine and on Prometheus 3.5 over the same promtool-built blocks, on
 * the same machine, and prints medians and ratios as a Markdown table. For Prometheus it reports both
 * the HTTP round trip and the engine's own {@code evalTotalTime} from {@code stats=all}; for ours the
 * engine call (parse, select, evaluate) through the block querier, the HTTP round trip through our query
 * API served in this process over the same blocks ({@link InProcessQueryApi}: what Prometheus does, no
 * StoreAPI hop), and the HTTP round trip through {@code bin/thanos query} over {@code bin/thanos store}
 * serving the same blocks from a FILESYSTEM bucket. All HTTP columns use one client.
 *
 * <p>Arguments: {@code [runs] [warmup]} (defaults 21 and 20). The {@code jthanos.bin} system property
 * names {@code bin/thanos} (default {@code ../bin/thanos}).
 */
public final class PromqlComparison {

    private PromqlComparison() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 21;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path work = Files.createTempDirectory("promql-compare");
        Path blocks = DifferentialBlocks.build(Oracles.promtool(), BenchQueries.SEED, Path.of("target", "differential"));
        Path promData = work.resolve("data");
        DifferentialBlocks.copy(blocks, promData);
        Engine engine = new Engine(EngineOptions.DEFAULT);
        Instant start = Instant.ofEpochSecond(BenchQueries.START_SECONDS);
        Instant end = Instant.ofEpochSecond(BenchQueries.END_SECONDS);
        Duration step = Duration.ofSeconds(BenchQueries.STEP_SECONDS);
        System.out.printf(Locale.ROOT, "%d runs after %d warm-up runs, range %d..%d step %ds, %d cores (%s)%n%n", runs, warmup,
                BenchQueries.START_SECONDS, BenchQueries.END_SECONDS, BenchQueries.STEP_SECONDS,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
        Path bucket = work.resolve("bucket");
        DifferentialBlocks.copy(blocks, bucket);
        Path thanos = Path.of(System.getProperty("jthanos.bin", "../bin/thanos")).toAbsolutePath();
        System.out.println("| query | series | ours (ms) | Prometheus engine (ms) | engine ratio | ours HTTP in-process (ms) "
                + "| Prometheus HTTP (ms) | in-process HTTP ratio | query→store HTTP (ms) | query→store ratio |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (DifferentialBlocks ours = DifferentialBlocks.open(blocks);
                PrometheusProcess prom = PrometheusProcess.start(Oracles.prometheus(), promData, work, List.of());
                InProcessQueryApi inProcess = InProcessQueryApi.start(ours);
                JthanosQueryProcesses querier = JthanosQueryProcesses.start(thanos, bucket, work,
                        BenchQueries.START_SECONDS, BenchQueries.END_SECONDS)) {
            for (BenchQuery q : BenchQueries.QUERIES) {
                double[] ourMs = new double[runs];
                double[] promEngineMs = new double[runs];
                double[] promHttpMs = new double[runs];
                double[] ourHttpMs = new double[runs];
                double[] inProcessMs = new double[runs];
                int series = 0;
                int promSeries = 0;
                int ourHttpSeries = 0;
                int inProcessSeries = 0;
                for (int i = -warmup; i < runs; i++) {
                    long t0 = System.nanoTime();
                    QueryResult r = engine.rangeQuery(ours, q.query(), start, end, step).execute();
                    long t1 = System.nanoTime();
                    HttpResponse<String> resp = PrometheusProcess.postForm(http, prom.url().resolve("/api/v1/query_range"),
                            rangeForm(q, "stats", "all"));
                    long t2 = System.nanoTime();
                    HttpResponse<String> ourResp = PrometheusProcess.postForm(http, querier.uri().resolve("/api/v1/query_range"),
                            rangeForm(q));
                    long t3 = System.nanoTime();
                    HttpResponse<String> inProcessResp = PrometheusProcess.postForm(http,
                            inProcess.uri().resolve("/api/v1/query_range"), rangeForm(q));
                    long t4 = System.nanoTime();
                    int promResult = seriesCount("Prometheus", q, resp);
                    ourHttpSeries = seriesCount("bin/thanos query", q, ourResp);
                    inProcessSeries = seriesCount("in-process query API", q, inProcessResp);
                    if (i >= 0) {
                        ourMs[i] = (t1 - t0) / 1e6;
                        promHttpMs[i] = (t2 - t1) / 1e6;
                        ourHttpMs[i] = (t3 - t2) / 1e6;
                        inProcessMs[i] = (t4 - t3) / 1e6;
                        promEngineMs[i] = evalTotalSeconds(resp.body()) * 1000;
                    }
                    series = ((Matrix) r.value()).series().size();
                    promSeries = promResult;
                }
                if (series != promSeries || ourHttpSeries != promSeries || inProcessSeries != promSeries) {
                    throw new IllegalStateException(q.query() + ": engine " + series + " series, bin/thanos query "
                            + ourHttpSeries + ", in-process API " + inProcessSeries + ", Prometheus " + promSeries);
                }
                double o = median(ourMs);
                double pe = median(promEngineMs);
                double oh = median(ourHttpMs);
                double ph = median(promHttpMs);
                double ih = median(inProcessMs);
                System.out.printf(Locale.ROOT, "| %s `%s` | %d | %.2f | %.2f | %.1f× | %.2f | %.2f | %.1f× | %.2f | %.1f× |%n",
                        q.name(), q.query(), series, o, pe, pe / o, ih, ph, ph / ih, oh, ph / oh);
            }
        } finally {
            deleteTree(work);
        }
    }

    /** The range query's form, plus {@code extra} key-value pairs. */
    private static String[] rangeForm(BenchQuery q, String... extra) {
        String[] form = {"query", q.query(), "start", Long.toString(BenchQueries.START_SECONDS),
            "end", Long.toString(BenchQueries.END_SECONDS), "step", Long.toString(BenchQueries.STEP_SECONDS)};
        String[] all = Arrays.copyOf(form, form.length + extra.length);
        System.arraycopy(extra, 0, all, form.length, extra.length);
        return all;
    }

    /**
     * The number of series of a successful matrix answer. Counted in the text rather than parsed: a JSON tree
     * of every answer would make garbage in this JVM, which also runs our engine and in-process API.
     */
    private static int seriesCount(String who, BenchQuery q, HttpResponse<String> resp) throws IOException {
        String body = resp.body();
        if (resp.statusCode() != 200 || !body.startsWith("{\"status\":\"success\"")) {
            throw new IOException(who + " failed " + q.query() + ": " + body.substring(0, Math.min(body.length(), 2000)));
        }
        int n = 0;
        for (int i = body.indexOf("{\"metric\":"); i >= 0; i = body.indexOf("{\"metric\":", i + 1)) {
            n++;
        }
        return n;
    }

    /** Prometheus's {@code evalTotalTime} from {@code stats=all}, in seconds. */
    private static double evalTotalSeconds(String body) throws IOException {
        String key = "\"evalTotalTime\":";
        int i = body.lastIndexOf(key);
        if (i < 0) {
            throw new IOException("no evalTotalTime in Prometheus's answer");
        }
        int start = i + key.length();
        int end = start;
        while (end < body.length() && "0123456789.eE+-".indexOf(body.charAt(end)) >= 0) {
            end++;
        }
        return Double.parseDouble(body.substring(start, end));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static void deleteTree(Path dir) throws IOException {
        FileTrees.removeAll(dir);
    }
}
