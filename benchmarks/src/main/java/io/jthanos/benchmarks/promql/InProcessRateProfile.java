package io.jthanos.benchmarks.promql;

import io.jthanos.promql.engine.Engine;
import io.jthanos.promql.engine.EngineOptions;
import io.jthanos.query.QueryOptions;
import io.jthanos.query.api.ApiRequest;
import io.jthanos.query.api.ApiResponse;
import io.jthanos.query.api.ApiSettings;
import io.jthanos.query.api.PrometheusApi;
import io.jthanos.query.api.StatusInfo;
import io.jthanos.promql.differential.DifferentialBlocks;
import io.jthanos.promql.differential.PrometheusProcess;
import io.jthanos.benchmarks.promql.BenchQueries.BenchQuery;
import io.jthanos.testing.Oracles;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the in-process HTTP answer of one comparison query spends its time: the engine alone, the API
 * (engine plus JSON, no HTTP) and the HTTP round trip through {@link InProcessQueryApi}, interleaved, as
 * medians of wall and calling-thread CPU time. Run under JFR to see inside. Arguments: query index
 * ({@link BenchQueries}, default 3 = rate), rounds (default 200).
 */
public final class InProcessRateProfile {
    private InProcessRateProfile() {
    }

    public static void main(String[] args) throws Exception {
        BenchQuery q = BenchQueries.QUERIES.get(args.length > 0 ? Integer.parseInt(args[0]) : 3);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path blocks = DifferentialBlocks.build(Oracles.promtool(), BenchQueries.SEED, Path.of("target", "differential"));
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Engine engine = new Engine(EngineOptions.DEFAULT);
        Instant start = Instant.ofEpochSecond(BenchQueries.START_SECONDS);
        Instant end = Instant.ofEpochSecond(BenchQueries.END_SECONDS);
        Duration step = Duration.ofSeconds(BenchQueries.STEP_SECONDS);
        try (DifferentialBlocks ours = DifferentialBlocks.open(blocks); InProcessQueryApi api = InProcessQueryApi.start(ours)) {
            PrometheusApi direct = new PrometheusApi(new ApiSettings(o -> ours, EngineOptions.DEFAULT,
                    QueryOptions.defaults(List.of()), false, Clock.systemUTC()),
                    new StatusInfo("bench", "", "", "", "", "", Map.of(), Instant.now()), List::of, 20, new SimpleMeterRegistry());
            Map<String, List<String>> params = new HashMap<>();
            params.put("query", List.of(q.query()));
            params.put("start", List.of(Long.toString(BenchQueries.START_SECONDS)));
            params.put("end", List.of(Long.toString(BenchQueries.END_SECONDS)));
            params.put("step", List.of(Long.toString(BenchQueries.STEP_SECONDS)));
            ApiRequest request = ApiRequest.get(params);
            long[][] wall = new long[3][rounds];
            long[][] cpu = new long[3][rounds];
            long[][] proc = new long[3][rounds];
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            int bytes = 0;
            for (int i = -rounds; i < rounds; i++) {
                for (int k = 0; k < 3; k++) {
                    long p0 = os.getProcessCpuTime();
                    long c0 = mx.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    switch (k) {
                        case 0 -> engine.rangeQuery(ours, q.query(), start, end, step).execute();
                        case 1 -> {
                            ApiResponse r = direct.handle("/query_range", request);
                            bytes = r.bodyLength();
                        }
                        default -> {
                            HttpResponse<String> r = PrometheusProcess.postForm(http,
                                    api.uri().resolve("/api/v1/query_range"), "query", q.query(),
                                    "start", Long.toString(BenchQueries.START_SECONDS), "end", Long.toString(BenchQueries.END_SECONDS),
                                    "step", Long.toString(BenchQueries.STEP_SECONDS));
                            if (r.statusCode() != 200) {
                                throw new IllegalStateException(r.body());
                            }
                        }
                    }
                    long t1 = System.nanoTime();
                    long c1 = mx.getCurrentThreadCpuTime();
                    long p1 = os.getProcessCpuTime();
                    if (i >= 0) {
                        wall[k][i] = t1 - t0;
                        cpu[k][i] = c1 - c0;
                        proc[k][i] = p1 - p0;
                    }
                }
            }
            String[] names = {"engine", "API direct (engine+JSON)", "HTTP in-process"};
            System.out.printf(Locale.ROOT, "%s: %d bytes, load %.2f%n", q.query(), bytes,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            for (int k = 0; k < 3; k++) {
                System.out.printf(Locale.ROOT, "%-26s wall %6.2f ms  caller CPU %6.2f ms  process CPU %6.2f ms%n", names[k],
                        median(wall[k]) / 1e6, median(cpu[k]) / 1e6, median(proc[k]) / 1e6);
            }
        }
    }

    private static double median(long[] a) {
        long[] s = a.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
