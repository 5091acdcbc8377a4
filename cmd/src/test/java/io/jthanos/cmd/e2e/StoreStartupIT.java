package io.jthanos.cmd.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.jthanos.cmd.store.FsBlocks;
import io.jthanos.model.Matcher;
import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.BucketFactory;
import io.jthanos.store.SeriesObserver;
import io.jthanos.store.SeriesRequest;
import io.jthanos.store.StoreSeries;
import io.jthanos.store.grpc.GrpcStoreClient;
import io.jthanos.tsdb.block.BlockMetaJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's start-up case as an operator meets it: 1,000 blocks in S3 (an s3proxy process), then
 * {@code bin/thanos store} itself (no rebuild check) started until {@code /-/ready} answers 200, first with an
 * empty {@code --data-dir}, then restarted over the meta cache it left; this twice with the JVM's AOT cache that
 * {@code bin/thanos} writes and twice without it ({@code JTHANOS_AOT=0}), alternately. Readiness
 * must come after the first sync with every block loaded and no index-header built (no ranged read at all);
 * afterwards a query that spans two blocks gets their series. The times from process start to ready are
 * printed for the benchmark record (no timed assertion).
 */
class StoreStartupIT {
    private static final int BLOCKS = 1000;
    private static final int SERIES = 5;
    private static final long TWO_HOURS = 7_200_000L;

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void storeGatewayIsReadyWithAThousandBlocksWithoutBuildingIndexHeaders() throws Exception {
        E2eEnv env = E2eEnv.require();
        ProcessSet.withProcesses("store-startup", processes -> run(env, processes));
    }

    private void run(E2eEnv env, ProcessSet processes) throws Exception {
        String s3 = FreePorts.address();
        env.startS3(processes, s3, tmp.resolve("s3"));
        String objstore = E2eEnv.s3Yaml(s3);
        uploadBlocks(objstore, tmp.resolve("staged"));

        boolean cacheWritten = writeAotCache(env);
        String http = FreePorts.address();
        String grpc = FreePorts.address();
        // A/B in the same minutes: each JVM mode starts on an empty data dir, then restarts over its meta cache.
        for (boolean aot : new boolean[] {true, false, true, false}) {
            startTwice(env, processes, objstore, aot, http, grpc, cacheWritten);
        }

        List<String> command = storeCommand(env, objstore, tmp.resolve("store-query"), http, grpc, true);
        startUntilReady(processes, command, http);
        Map<String, Integer> chunksBySeries = query(grpc, 500 * TWO_HOURS, 502 * TWO_HOURS - 1);
        assertThat(chunksBySeries).as("series of blocks 500 and 501 with their chunk counts").hasSize(SERIES)
                .allSatisfy((series, chunks) -> assertThat(chunks).as(series).isEqualTo(2));
    }

    /**
     * Writes the distribution's AOT cache with {@code bin/aot-cache.sh}, as {@code bin/thanos} does after building,
     * unless a cache newer than every jar is there.
     */
    private static boolean writeAotCache(E2eEnv env) throws Exception {
        Path cache = env.lib.resolveSibling("thanos.aot");
        if (Files.isRegularFile(cache)) {
            var written = Files.getLastModifiedTime(cache);
            try (Stream<Path> jars = Files.list(env.lib)) {
                if (jars.allMatch(j -> modified(j).compareTo(written) < 0)) {
                    return true;
                }
            }
        }
        Process p = new ProcessBuilder(env.root.resolve("bin/aot-cache.sh").toString(), env.java(), env.lib.toString(),
                cache.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        System.out.println("bin/aot-cache.sh: exit " + p.waitFor() + " " + out.strip());
        return Files.isRegularFile(cache);
    }

    private static java.nio.file.attribute.FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Starts the store on an empty data dir, then restarts it over the meta cache it left; prints both. */
    private void startTwice(E2eEnv env, ProcessSet processes, String objstore, boolean aot, String http, String grpc,
            boolean cacheWritten) throws Exception {
        Path dataDir = Files.createTempDirectory(tmp, "store");
        long[] millis = new long[2];
        Duration[] storeCpu = new Duration[2];
        Duration[] s3Cpu = new Duration[2];
        boolean[] cacheUsed = new boolean[2];
        for (int run = 0; run < 2; run++) {
            Path jvmLog = Files.createTempFile(tmp, "aot", ".log");
            List<String> command = new ArrayList<>(List.of("env", "JTHANOS_AOT=" + (aot ? 1 : 0),
                    "JTHANOS_JAVA_OPTS=-Xlog:aot=info:file=" + jvmLog));
            command.addAll(storeCommand(env, objstore, dataDir, http, grpc, false));
            Duration s3CpuBefore = cpu(processes, "s3proxy");
            millis[run] = startUntilReady(processes, command, http);
            storeCpu[run] = cpu(processes, "store");
            s3Cpu[run] = cpu(processes, "s3proxy").minus(s3CpuBefore);
            String metrics = PromApi.get("http://" + http + "/metrics").body();
            assertThat(BucketBlocks.metric(metrics, "thanos_bucket_store_blocks_loaded")).isEqualTo(BLOCKS);
            assertThat(rangedReads(metrics)).as("ranged reads before any query (index-headers built eagerly?)").isZero();
            assertThat(processes.stop("store")).isZero();
            String log = Files.readString(jvmLog);
            cacheUsed[run] = log.contains("Opened AOT cache") && !log.contains("Unable to map");
        }
        if (aot && !cacheWritten) {
            System.out.println("store start-up: no AOT cache was written (see bin/aot-cache.sh's output above)");
        }
        System.out.printf("store start-up with %d blocks in S3 (s3proxy process), bin/thanos (AOT cache %s), load average"
                + " %.1f: process start to ready %d ms (empty data dir; CPU store %d ms, s3proxy %d ms), %d ms (restart"
                + " with the meta cache; CPU store %d ms, s3proxy %d ms)%n", BLOCKS,
                cacheUsed[0] && cacheUsed[1] ? "used" : cacheUsed[0] || cacheUsed[1] ? "used once" : "not used",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), millis[0],
                storeCpu[0].toMillis(), s3Cpu[0].toMillis(), millis[1], storeCpu[1].toMillis(), s3Cpu[1].toMillis());
    }

    /** The CPU time {@code name} has used so far (zero if the platform does not say). */
    private static Duration cpu(ProcessSet processes, String name) {
        return processes.process(name).flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO);
    }

    /** {@code bin/thanos store …} on the built distribution (no rebuild check), as an operator runs it. */
    private static List<String> storeCommand(E2eEnv env, String objstore, Path dataDir, String http, String grpc,
            boolean withEnv) {
        List<String> command = new ArrayList<>(withEnv ? List.of("env") : List.of());
        command.addAll(List.of("JTHANOS_NO_REBUILD=1", env.root.resolve("bin/thanos").toString(),
                "store", "--objstore.config=" + objstore, "--data-dir=" + dataDir, "--http-address=" + http,
                "--grpc-address=" + grpc));
        return command;
    }

    /** Starts the store and polls {@code /-/ready} every 10 ms; returns milliseconds from start to ready. */
    private static long startUntilReady(ProcessSet processes, List<String> command, String http) throws Exception {
        long t0 = System.nanoTime();
        Process p = processes.start("store", command);
        long deadline = t0 + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as("store process alive").isTrue();
            try {
                if (PromApi.get("http://" + http + "/-/ready").status() == 200) {
                    return (System.nanoTime() - t0) / 1_000_000;
                }
            } catch (RuntimeException notListeningYet) {
                // retried until the deadline
            }
            Thread.sleep(10);
        }
        throw new AssertionError("store not ready within 120 s");
    }

    /**
     * Writes {@link #BLOCKS} consecutive 2 h blocks of {@link #SERIES} series each and uploads them (data files
     * first, {@code meta.json} last), both in parallel: the blocks are written with fsyncs, which overlap.
     */
    private static void uploadBlocks(String objstore, Path staged) throws Exception {
        Files.createDirectories(staged);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (Bucket bucket = BucketFactory.fromConfig(objstore, "test upload", new SimpleMeterRegistry())) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < BLOCKS; i++) {
                long min = i * TWO_HOURS;
                done.add(pool.submit(() -> {
                    String id = FsBlocks.write(staged, SERIES, min, min + TWO_HOURS, Map.of("cluster", "eu")).ulid();
                    Path dir = staged.resolve(id);
                    List<Path> files;
                    try (Stream<Path> chunks = Files.list(dir.resolve("chunks"))) {
                        files = new ArrayList<>(chunks.sorted().toList());
                    }
                    files.add(dir.resolve("index"));
                    files.add(dir.resolve(BlockMetaJson.FILE_NAME));
                    for (Path f : files) {
                        bucket.uploadFile(id + "/" + dir.relativize(f), f);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The series of {@code up} in [minTime, maxTime] from the store's gRPC address, with their chunk counts. */
    private static Map<String, Integer> query(String grpc, long minTime, long maxTime) {
        String[] hostPort = grpc.split(":");
        ManagedChannel channel = NettyChannelBuilder.forAddress(hostPort[0], Integer.parseInt(hostPort[1]))
                .usePlaintext().build();
        try {
            Map<String, Integer> out = new TreeMap<>();
            new GrpcStoreClient(channel, "store").series(SeriesRequest.of(minTime, maxTime, Matcher.equal("__name__", "up")),
                    new SeriesObserver() {
                        @Override
                        public void onSeries(StoreSeries s) {
                            out.put(s.labels().toString(), s.chunks().size());
                        }

                        @Override
                        public void onWarning(String warning) {
                            throw new AssertionError("warning: " + warning);
                        }
                    });
            return out;
        } finally {
            channel.shutdownNow();
        }
    }

    /** The store gateway's ranged reads so far, from its metrics text. */
    private static double rangedReads(String metrics) {
        double sum = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("thanos_objstore_bucket_operations_total{") && line.contains("operation=\"get_range\"")) {
                String[] parts = line.trim().split("\\s+");
                sum += Double.parseDouble(parts[parts.length - 1]);
            }
        }
        return sum;
    }
}
