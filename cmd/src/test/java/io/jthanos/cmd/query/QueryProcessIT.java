package io.jthanos.cmd.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.jthanos.model.Labels;
import io.jthanos.promql.differential.ApiCompatibilityCorpus;
import io.jthanos.promql.differential.DifferentialBlocks;
import io.jthanos.promql.differential.PrometheusProcess;
import io.jthanos.store.ComponentType;
import io.jthanos.store.TsdbStore;
import io.jthanos.store.grpc.InfoGrpcService;
import io.jthanos.store.grpc.StoreGrpcService;
import io.jthanos.testing.Oracles;
import io.jthanos.tsdb.block.Block;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Process-level proof of {@code thanos query}: the built distribution runs as its own JVM with
 * {@code --endpoint} flags pointing at StoreAPI servers in this test (each promtool-built block served twice,
 * as replicas {@code replica="a"} and {@code replica="b"}, deduplicated by {@code --query.replica-label}), and
 * {@code promtool query instant|range|series|labels} must print the same against it as against a real
 * Prometheus 3.5 serving the same blocks. Every process started here is killed afterwards, also on failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryProcessIT {

    @TempDir
    static Path dir;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> closers = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private Path lib;
    private String promUrl;
    private String queryUrl;

    @BeforeAll
    void start() throws Exception {
        Path root = Path.of(System.getProperty("jthanos.repo.root", "..")).toAbsolutePath().normalize();
        lib = root.resolve("cmd/target/dist/lib");
        boolean built;
        try (Stream<Path> jars = Files.isDirectory(lib) ? Files.list(lib) : Stream.empty()) {
            built = jars.anyMatch(p -> p.getFileName().toString().startsWith("jthanos-cmd-"));
        }
        Assumptions.assumeTrue(built, "no distribution in " + lib + " (run ./mvnw -pl cmd -am package)");
        Path promtool = Oracles.promtool();
        Path prometheus = Oracles.prometheus();
        try {
            Path om = dir.resolve("data.om");
            Files.writeString(om, ApiCompatibilityCorpus.openMetrics(false));
            Path blocks = dir.resolve("blocks");
            run(promtool.toString(), "tsdb", "create-blocks-from", "openmetrics", om.toString(), blocks.toString());
            Path promData = dir.resolve("prom");
            DifferentialBlocks.copy(blocks, promData);
            PrometheusProcess prom = PrometheusProcess.start(prometheus, promData, dir, List.of());
            closers.add(prom);
            promUrl = prom.url().toString();
            List<String> endpoints = serveBlocks(blocks);
            startQuerier(endpoints);
        } catch (Exception | Error e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    void stop() throws Exception {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        processes.clear();
        for (AutoCloseable c : closers.reversed()) {
            c.close();
        }
        closers.clear();
    }

    private List<String> serveBlocks(Path blocks) throws IOException {
        List<String> endpoints = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(blocks)) {
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                Block b = Block.open(d);
                closers.add(b);
                for (String replica : List.of("a", "b")) {
                    TsdbStore store = new TsdbStore(b, Labels.of("replica", replica), ComponentType.STORE,
                            () -> b.meta().minTime(), () -> b.meta().maxTime() - 1);
                    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                            .addService(new StoreGrpcService(store)).addService(new InfoGrpcService(store)).build().start();
                    closers.add(() -> server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS));
                    endpoints.add("127.0.0.1:" + server.getPort());
                }
            }
        }
        assertThat(endpoints).as("promtool made several 2h blocks, each served twice").hasSizeGreaterThan(2);
        return endpoints;
    }

    private void startQuerier(List<String> endpoints) throws Exception {
        int port = freePort();
        queryUrl = "http://127.0.0.1:" + port;
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED", "-Xmx512m",
                "-cp", lib + "/*", "io.jthanos.cmd.Main", "query", "--http-address=127.0.0.1:" + port,
                "--grpc-address=127.0.0.1:" + freePort(), "--query.replica-label=replica"));
        for (String e : endpoints) {
            command.add("--endpoint=" + e);
        }
        Path log = dir.resolve("query.log");
        processes.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
        PrometheusProcess.awaitReady(http, URI.create(queryUrl), processes.getLast(), log, Duration.ofSeconds(90));
        // Ready means the first endpoint refresh ran; it must have found every endpoint.
        String stores = http.send(HttpRequest.newBuilder(URI.create(queryUrl + "/api/v1/stores")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String e : endpoints) {
            assertThat(stores).as("/api/v1/stores").contains("\"" + e + "\"");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void promtoolQueriesTheQueryProcessLikePrometheus() throws Exception {
        Path promtool = Oracles.promtool();
        List<List<String>> commands = List.of(
                List.of("query", "instant", "--time=1700003600", "URL", "sum by (job) (http_requests_total)"),
                List.of("query", "instant", "--time=1700010000", "URL", "rate(http_requests_total{job=\"db\"}[5m])"),
                List.of("query", "instant", "--time=1700009000", "URL", "temperature"),
                List.of("query", "range", "--start=1700000000", "--end=1700003600", "--step=5m", "URL", "temperature"),
                List.of("query", "range", "--start=1700006000", "--end=1700016000", "--step=17m", "URL",
                        "sum by (code) (increase(http_requests_total[10m]))"),
                List.of("query", "series", "--match=temperature", "--match=http_requests_total{code=\"500\"}",
                        "--start=1700000000", "--end=1700018000", "URL"),
                List.of("query", "labels", "--start=1700000000", "--end=1700018000", "URL", "room"),
                List.of("query", "labels", "--start=1700000000", "--end=1700018000", "URL", "__name__"));
        for (List<String> c : commands) {
            String ours = run(withUrl(promtool, c, queryUrl));
            String theirs = run(withUrl(promtool, c, promUrl));
            assertThat(ours).as(String.join(" ", c)).isNotBlank().doesNotContain("replica").isEqualTo(theirs);
        }
    }

    @Test
    void promtoolSeesQueryErrorsLikePrometheus() throws Exception {
        Path promtool = Oracles.promtool();
        List<String> c = List.of("query", "instant", "--time=1700003600", "URL", "sum(");
        Result ours = exec(withUrl(promtool, c, queryUrl));
        Result theirs = exec(withUrl(promtool, c, promUrl));
        assertThat(theirs.exit()).isNotZero();
        assertThat(ours.exit()).isEqualTo(theirs.exit());
        assertThat(ours.output().replace(queryUrl, "URL")).isEqualTo(theirs.output().replace(promUrl, "URL"));
    }

    private static String[] withUrl(Path promtool, List<String> c, String url) {
        List<String> out = new ArrayList<>();
        out.add(promtool.toString());
        for (String s : c) {
            out.add(s.equals("URL") ? url : s);
        }
        return out.toArray(String[]::new);
    }

    private record Result(int exit, String output) {}

    private Result exec(String... cmd) throws Exception {
        Path out = Files.createTempFile(dir, "cmd", ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out: " + String.join(" ", cmd));
            }
        } finally {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), Files.readString(out));
    }

    private String run(String... cmd) throws Exception {
        Result r = exec(cmd);
        if (r.exit() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + r.exit() + ": " + r.output());
        }
        return r.output();
    }
}
