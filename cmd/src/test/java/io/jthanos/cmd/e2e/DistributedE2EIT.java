package io.jthanos.cmd.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole data plane as separate processes on loopback: s3proxy, three {@code receive} in a hashring
 * (replication factor 3, 20 s blocks shipped to the bucket), {@code store} on the bucket, {@code query}
 * over all four, and a Prometheus 3.5 scraping the components every second and remote-writing into the
 * first receiver. Our querier must answer like Prometheus from its own storage: first with the receivers'
 * heads and the bucket's blocks both in play, then, after the receivers restart with empty storage, with
 * the old range served by the bucket alone.
 */
class DistributedE2EIT {
    private static final int RECEIVERS = 3;
    private static final String BLOCK_DURATION = "20s";

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void remoteWriteThroughReceiveBucketAndStoreGatewayAnswersLikePrometheus() throws Exception {
        E2eEnv env = E2eEnv.require();
        Path logs = Path.of("target", "e2e-logs", "distributed").toAbsolutePath();
        E2eEnv.deleteRecursively(logs);
        try (ProcessSet processes = new ProcessSet(logs)) {
            try {
                run(env, processes);
            } catch (Throwable t) {
                System.err.println(processes.logTails(40));
                E2eEnv.keepBucket(tmp.resolve("s3/data").resolve(E2eEnv.BUCKET), logs);
                throw t;
            }
        }
    }

    private void run(E2eEnv env, ProcessSet processes) throws Exception {
        long started = System.nanoTime();
        String s3 = FreePorts.address();
        env.startS3(processes, s3, tmp.resolve("s3"));
        Path bucketDir = tmp.resolve("s3/data").resolve(E2eEnv.BUCKET);
        Path objstore = Files.writeString(tmp.resolve("objstore.yml"), E2eEnv.s3Yaml(s3));

        List<String> http = new ArrayList<>();
        List<String> grpc = new ArrayList<>();
        List<String> remoteWrite = new ArrayList<>();
        for (int i = 0; i < RECEIVERS; i++) {
            http.add(FreePorts.address());
            grpc.add(FreePorts.address());
            remoteWrite.add(FreePorts.address());
        }
        Path hashrings = Files.writeString(tmp.resolve("hashrings.json"),
                "[{\"hashring\": \"default\", \"endpoints\": [\"" + String.join("\", \"", grpc) + "\"]}]\n");
        for (int i = 0; i < RECEIVERS; i++) {
            startReceiver(env, processes, i, http.get(i), grpc.get(i), remoteWrite.get(i), objstore, hashrings);
        }
        String storeHttp = FreePorts.address();
        String storeGrpc = FreePorts.address();
        processes.start("store", env.thanos(List.of("store", "--http-address=" + storeHttp, "--grpc-address=" + storeGrpc,
                "--data-dir=" + tmp.resolve("store"), "--objstore.config-file=" + objstore, "--sync-block-duration=2s")));
        String queryHttp = FreePorts.address();
        List<String> queryArgs = new ArrayList<>(List.of("query", "--http-address=" + queryHttp,
                "--grpc-address=" + FreePorts.address(), "--query.replica-label=receive_replica",
                "--endpoint=" + storeGrpc));
        grpc.forEach(g -> queryArgs.add("--endpoint=" + g));
        processes.start("query", env.thanos(queryArgs));
        for (String h : http) {
            E2eEnv.awaitReady("http://" + h);
        }
        E2eEnv.awaitReady("http://" + storeHttp);
        E2eEnv.awaitReady("http://" + queryHttp);

        String promAddress = FreePorts.address();
        List<String> targets = new ArrayList<>(http);
        targets.add(storeHttp);
        targets.add(queryHttp);
        env.startPrometheus(processes, promAddress, tmp.resolve("prometheus"),
                PrometheusConfig.scrapingAndRemoteWriting(promAddress, targets, "http://" + remoteWrite.get(0) + "/api/v1/receive"));
        long start = System.currentTimeMillis() / 1000 + 3;

        PromApi prometheus = new PromApi("http://" + promAddress, Set.of());
        PromApi ours = new PromApi("http://" + queryHttp, Set.of("tenant_id"));

        // Phase 1: blocks of every replica in the bucket and loaded by the store gateway, fresher data in the heads.
        E2eEnv.await(Duration.ofSeconds(180), "blocks of all receivers in the bucket past the start",
                () -> BucketBlocks.commonEnd(BucketBlocks.list(bucketDir), "receive_replica", RECEIVERS) > start * 1000 + 10_000);
        List<BucketBlocks.Meta> blocks = BucketBlocks.list(bucketDir);
        assertThat(blocks).allSatisfy(b -> {
            assertThat(b.source()).isEqualTo("receive");
            assertThat(b.labels()).containsEntry("tenant_id", "default-tenant").containsKey("receive_replica");
        });
        awaitStoreLoaded(storeHttp, ours, blocks);
        long shipped = BucketBlocks.commonEnd(blocks, "receive_replica", RECEIVERS);
        E2eEnv.await(Duration.ofSeconds(30), "head data past the shipped blocks",
                () -> System.currentTimeMillis() - 10_000 > shipped + 5_000);
        long end = System.currentTimeMillis() / 1000 - 10;
        long compared = Comparison.assertSameAnswers(prometheus, ours, start, end);
        assertThat(compared).as("samples compared").isGreaterThan(1000);
        System.out.printf("e2e distributed: phase 1 compared %d samples over [%d, %d], blocks up to %d, %d blocks%n",
                compared, start, end, shipped / 1000, blocks.size());

        // Phase 2: the receivers restart with empty storage; the old range comes from the bucket only.
        for (int i = 0; i < RECEIVERS; i++) {
            assertThat(processes.stop("receive-" + i)).as("receive-%d exit code", i).isZero();
        }
        List<BucketBlocks.Meta> allBlocks = BucketBlocks.list(bucketDir);
        long bucketEnd = BucketBlocks.commonEnd(allBlocks, "receive_replica", RECEIVERS);
        for (int i = 0; i < RECEIVERS; i++) {
            E2eEnv.deleteRecursively(tmp.resolve("receive-" + i));
            startReceiver(env, processes, i, http.get(i), grpc.get(i), remoteWrite.get(i), objstore, hashrings);
        }
        for (String h : http) {
            E2eEnv.awaitReady("http://" + h);
        }
        awaitStoreLoaded(storeHttp, ours, allBlocks);
        long oldEnd = (bucketEnd - 1) / 1000;
        long comparedOld = Comparison.assertSameAnswers(prometheus, ours, start, oldEnd);
        assertThat(comparedOld).as("samples compared from the bucket only").isGreaterThan(1000);
        System.out.printf("e2e distributed: phase 2 compared %d samples over [%d, %d] from %d blocks; took %d s%n",
                comparedOld, start, oldEnd, allBlocks.size(), Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    private void startReceiver(E2eEnv env, ProcessSet processes, int i, String http, String grpc, String remoteWrite,
            Path objstore, Path hashrings) throws Exception {
        processes.start("receive-" + i, env.thanos(List.of("receive", "--http-address=" + http, "--grpc-address=" + grpc,
                "--remote-write.address=" + remoteWrite, "--tsdb.path=" + tmp.resolve("receive-" + i),
                "--objstore.config-file=" + objstore, "--receive.hashrings-file=" + hashrings,
                "--receive.replication-factor=" + RECEIVERS, "--receive.local-endpoint=" + grpc,
                "--label=receive_replica=\"" + i + "\"", "--tsdb.min-block-duration=" + BLOCK_DURATION,
                "--tsdb.max-block-duration=" + BLOCK_DURATION)));
    }

    /** Waits until the store gateway loaded {@code blocks} and the querier knows its time range covers them. */
    private static void awaitStoreLoaded(String storeHttp, PromApi query, List<BucketBlocks.Meta> blocks) throws Exception {
        E2eEnv.awaitBlocksLoaded(storeHttp, blocks.size());
        long minTime = blocks.stream().mapToLong(BucketBlocks.Meta::minTime).min().orElseThrow();
        long maxTime = blocks.stream().mapToLong(BucketBlocks.Meta::maxTime).max().orElseThrow();
        E2eEnv.await(Duration.ofSeconds(30), "the querier's view of the store gateway covering the blocks", () -> {
            for (JsonNode s : query.json("/api/v1/stores").path("data").path("store")) {
                if (s.path("minTime").asLong() <= minTime && s.path("maxTime").asLong() >= maxTime - 1) {
                    return true;
                }
            }
            return false;
        });
    }
}
