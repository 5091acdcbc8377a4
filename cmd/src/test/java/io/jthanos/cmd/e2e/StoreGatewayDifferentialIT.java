package io.jthanos.cmd.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.promql.differential.DifferentialBlocks;
import io.jthanos.promql.differential.DifferentialCorpus;
import io.jthanos.promql.differential.DifferentialCorpus.Case;
import io.jthanos.promql.differential.DifferentialDataset;
import io.jthanos.promql.differential.Outcome;
import io.jthanos.promql.differential.OutcomeComparison;
import io.jthanos.promql.differential.PrometheusProcess;
import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.BucketFactory;
import io.jthanos.testing.Oracles;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockMetaJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PromQL differential corpus ({@link DifferentialCorpus}) through {@code bin/thanos query} over
 * {@code bin/thanos store}, both as processes talking real gRPC, against Prometheus 3.5 serving the same
 * promtool-built blocks from its local disk. The blocks are uploaded to S3 (an s3proxy process) with a Thanos
 * {@code meta.json} section listing their files, chunks and index first, as a shipper does. Every evaluation must agree, except the differences our
 * engine already lists (the corpus's allow-list); those are evaluated too and reported. A query whose time
 * range no store covers answers like Prometheus's empty answer: Thanos's {@code ProxyStore} only logs
 * "No StoreAPIs matched for this query" at debug level.
 *
 * <p>The corpus then runs twice more with the processes warm (the store and querier JVMs with the full JIT,
 * unlike the other e2e tests); the last pass's total latency is printed next to Prometheus's for the benchmark
 * record (no timed assertion).
 */
class StoreGatewayDifferentialIT {
    private static final int PASSES = 3;

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void querierOverTheStoreGatewayAnswersTheCorpusAsPrometheusDoes() throws Exception {
        E2eEnv env = E2eEnv.require();
        Path blocks = DifferentialBlocks.build(Oracles.promtool(), DifferentialCorpus.SEED, Path.of("target", "differential"));
        Path staged = tmp.resolve("staged");
        int blockCount = withThanosMeta(blocks, staged);
        Path promData = tmp.resolve("prometheus-data");
        DifferentialBlocks.copy(blocks, promData);
        Path logs = Path.of("target", "e2e-logs", "store-differential").toAbsolutePath();
        E2eEnv.deleteRecursively(logs);
        Path promWork = Files.createDirectories(tmp.resolve("prometheus"));
        try (ProcessSet processes = new ProcessSet(logs);
                PrometheusProcess prom = PrometheusProcess.start(env.prometheus, promData, promWork,
                        DifferentialCorpus.PROMETHEUS_FEATURE_FLAGS)) {
            try {
                run(env, processes, prom, staged, blockCount);
            } catch (Throwable t) {
                System.err.println(processes.logTails(40));
                throw t;
            }
        }
    }

    private void run(E2eEnv env, ProcessSet processes, PrometheusProcess prom, Path staged, int blockCount)
            throws Exception {
        String s3 = FreePorts.address();
        env.startS3(processes, s3, tmp.resolve("s3"));
        String objstore = E2eEnv.s3Yaml(s3);
        upload(objstore, staged);
        String storeHttp = FreePorts.address();
        String storeGrpc = FreePorts.address();
        processes.start("store", fullJit(env.thanos(List.of("store", "--objstore.config=" + objstore,
                "--data-dir=" + tmp.resolve("store"), "--http-address=" + storeHttp, "--grpc-address=" + storeGrpc))));
        String queryHttp = FreePorts.address();
        processes.start("query", fullJit(env.thanos(List.of("query", "--http-address=" + queryHttp,
                "--grpc-address=" + FreePorts.address(), "--endpoint=" + storeGrpc,
                "--enable-feature=promql-experimental-functions,promql-duration-expr"))));
        E2eEnv.awaitReady("http://" + storeHttp);
        E2eEnv.awaitBlocksLoaded(storeHttp, blockCount);
        E2eEnv.awaitReady("http://" + queryHttp);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI ours = URI.create("http://" + queryHttp);
        String probeTime = Long.toString(DifferentialDataset.START + 3600);
        E2eEnv.await(Duration.ofSeconds(60), "the querier answering from the store gateway",
                () -> PrometheusProcess.postForm(http, ours.resolve("/api/v1/query"), "query", "count(up)", "time", probeTime)
                        .body().contains("\"value\""));

        List<Case> cases = DifferentialCorpus.cases();
        Map<String, String> allowed = DifferentialCorpus.allowedDifferences();
        List<String> failures = new ArrayList<>();
        List<String> listed = new ArrayList<>();
        long[] promNanos = new long[PASSES];
        long[] ourNanos = new long[PASSES];
        int agreed = 0;
        double[] bucketBefore = null;
        for (int pass = 0; pass < PASSES; pass++) {
            if (pass == PASSES - 1) {
                bucketBefore = rangedReads(storeHttp);
            }
            for (Case c : cases) {
                String[] request = c.httpRequest();
                String[] form = Arrays.copyOfRange(request, 1, request.length);
                long t0 = System.nanoTime();
                Outcome expected = Outcome.fromPrometheus(prom.post(request[0], form).body());
                long t1 = System.nanoTime();
                Outcome actual = Outcome.fromPrometheus(PrometheusProcess.postForm(http, ours.resolve(request[0]), form).body());
                long t2 = System.nanoTime();
                promNanos[pass] += t1 - t0;
                ourNanos[pass] += t2 - t1;
                if (pass > 0) {
                    continue;
                }
                String diff = OutcomeComparison.difference(expected, actual, c.order());
                if (diff == null) {
                    agreed++;
                } else if (allowed.containsKey(c.id())) {
                    listed.add(c.id() + "  [" + allowed.get(c.id()) + "]");
                } else {
                    failures.add(c.id() + "\n    " + diff);
                }
            }
        }
        System.out.printf("store differential: %d of %d evaluations agree with Prometheus through query over store"
                + " (%d listed differences, %d unexpected) over %d blocks;"
                + " total latency per pass (Prometheus / ours, ms):", agreed, cases.size(),
                listed.size(), failures.size(), blockCount);
        for (int pass = 0; pass < PASSES; pass++) {
            System.out.printf(" %s %d / %d", pass == 0 ? "cold" : "warm", promNanos[pass] / 1_000_000,
                    ourNanos[pass] / 1_000_000);
        }
        double[] bucketAfter = rangedReads(storeHttp);
        System.out.printf("; last pass per evaluation: %.1f ranged reads, %.1f KiB fetched from the bucket%n",
                (bucketAfter[0] - bucketBefore[0]) / cases.size(), (bucketAfter[1] - bucketBefore[1]) / 1024 / cases.size());
        listed.forEach(l -> System.out.println("  listed: " + l));
        assertThat(failures).as("differences from Prometheus through query over store").isEmpty();
        assertThat(agreed).isGreaterThanOrEqualTo(500);
    }

    /** The store gateway's ranged reads so far and the bytes they fetched, from its {@code /metrics}. */
    private static double[] rangedReads(String storeHttp) {
        String text = PromApi.get("http://" + storeHttp + "/metrics").body();
        double[] out = new double[2];
        for (String line : text.split("\n")) {
            if (line.contains("operation=\"get_range\"")) {
                String[] parts = line.trim().split("\\s+");
                if (line.startsWith("thanos_objstore_bucket_operations_total{")) {
                    out[0] += Double.parseDouble(parts[parts.length - 1]);
                } else if (line.startsWith("thanos_objstore_bucket_operation_fetched_bytes_total{")) {
                    out[1] += Double.parseDouble(parts[parts.length - 1]);
                }
            }
        }
        return out;
    }

    /** {@code command} with the JIT's full tiers (the e2e default stops at C1 for fast start-up). */
    private static List<String> fullJit(List<String> command) {
        List<String> out = new ArrayList<>(command);
        out.remove("-XX:TieredStopAtLevel=1");
        return out;
    }

    /**
     * Copies each block of {@code blocks} under {@code staged} with a Thanos section listing its files (as a
     * shipper writes it); returns how many.
     */
    private static int withThanosMeta(Path blocks, Path staged) throws IOException {
        int n = 0;
        try (Stream<Path> dirs = Files.list(blocks)) {
            for (Path d : dirs.filter(p -> Files.exists(p.resolve(BlockMetaJson.FILE_NAME))).sorted().toList()) {
                Path target = staged.resolve(d.getFileName().toString());
                DifferentialBlocks.copy(d, target);
                List<BlockMeta.File> files = new ArrayList<>();
                for (Path f : blockFiles(target)) {
                    files.add(new BlockMeta.File(target.relativize(f).toString(), Files.size(f), null));
                }
                files.add(new BlockMeta.File(BlockMetaJson.FILE_NAME, 0, null));
                files.sort(java.util.Comparator.comparing(BlockMeta.File::relPath));
                BlockMeta m = BlockMetaJson.read(target);
                BlockMetaJson.write(target, m.withThanos(new BlockMeta.Thanos(1, Map.of(), 0, "promtool", List.of(), files,
                        null, null, null, null, null)));
                n++;
            }
        }
        return n;
    }

    /** The chunk segments, then the index (a block's data files in upload order). */
    private static List<Path> blockFiles(Path block) throws IOException {
        List<Path> out;
        try (Stream<Path> chunks = Files.list(block.resolve("chunks"))) {
            out = new ArrayList<>(chunks.sorted().toList());
        }
        out.add(block.resolve("index"));
        return out;
    }

    /** Uploads every staged block: data files first, {@code meta.json} last. */
    private static void upload(String objstoreYaml, Path staged) throws IOException {
        try (Bucket bucket = BucketFactory.fromConfig(objstoreYaml, "test upload", new SimpleMeterRegistry());
                Stream<Path> dirs = Files.list(staged)) {
            for (Path d : dirs.sorted().toList()) {
                String id = d.getFileName().toString();
                for (Path f : blockFiles(d)) {
                    bucket.uploadFile(id + "/" + d.relativize(f), f);
                }
                bucket.uploadFile(id + "/" + BlockMetaJson.FILE_NAME, d.resolve(BlockMetaJson.FILE_NAME));
            }
        }
    }
}
