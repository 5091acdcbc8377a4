package io.jthanos.benchmarks;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.jthanos.model.Labels;
import io.jthanos.promql.engine.Engine;
import io.jthanos.promql.engine.EngineOptions;
import io.jthanos.promql.engine.Matrix;
import io.jthanos.promql.engine.QueryResult;
import io.jthanos.promql.engine.RangeSeries;
import io.jthanos.query.DedupFunction;
import io.jthanos.query.QueryOptions;
import io.jthanos.query.StoreQueryable;
import io.jthanos.query.XorChunkDecoder;
import io.jthanos.storage.Queryable;
import io.jthanos.store.ComponentType;
import io.jthanos.store.StoreApi;
import io.jthanos.store.TsdbStore;
import io.jthanos.store.grpc.GrpcStoreClient;
import io.jthanos.store.grpc.InfoGrpcService;
import io.jthanos.store.grpc.StoreGrpcService;
import io.jthanos.store.proxy.ProxyStore;
import io.jthanos.store.proxy.StoreClient;
import io.jthanos.tsdb.Tsdb;
import io.jthanos.tsdb.fileutil.FileTrees;
import io.jthanos.tsdb.head.HeadAppender;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Fan-out overhead of the querier (issue 6, "Speed"): the same range queries evaluated by the PromQL engine
 * (a) over one StoreAPI copy directly ({@link StoreQueryable} over one gRPC client, no dedup) and (b) through
 * the {@link ProxyStore} over two replica StoreAPIs (external labels {@code replica="a"|"b"}) with penalty
 * dedup on, all over real gRPC on loopback. Each replica is its own {@link Tsdb} (a compacted 2h block plus
 * the head) with the same values; replica b scraped {@value #REPLICA_B_OFFSET} ms later than a, as an HA pair
 * of Prometheus servers would, so its chunks differ and (b) moves twice the chunks, decodes both replicas
 * and merges them by the penalty algorithm (which follows replica a throughout, so the answers of (a) and
 * (b) must be equal; the benchmark checks that).
 *
 * <p>The stores run in a child JVM by default, as they run in processes of their own when deployed: this process
 * is then the querier alone. Reports, per query, the median over rounds of this process's CPU time (gRPC client,
 * proxy, dedup, engine, GC and JIT: on a shared machine far steadier than wall time), of the evaluating thread's
 * CPU time, of the wall time and of the stores' CPU time (read through the child's CPU clock), with the ratios
 * (b)/(a); "total" is the ratio of querier plus stores. Usage:
 * {@code FanOutBenchmark [series per metric] [rounds] [in-process|profile|profile-direct|threads|forks:N]}: {@code in-process}
 * serves the stores in this JVM (the CPU columns then count both sides), {@code profile} runs only (b) and
 * {@code profile-direct} only (a), for a profiler; {@code threads} splits each path's querier CPU by thread;
 * {@code forks:N} runs the benchmark in N fresh JVMs and reports the median of their ratios.
 */
public final class FanOutBenchmark {
    private static final long T0 = 1_700_006_400_000L; // a multiple of 2h
    private static final long SCRAPE = 15_000;
    private static final long HOURS = 4;
    private static final long REPLICA_B_OFFSET = 2;
    private static final int REPEATS = 4;
    private static final int MAX_WARM_UP_ROUNDS = 60;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static final List<String> QUERIES = List.of(
            "http_requests_total",
            "sum(http_requests_total)",
            "rate(http_requests_total[5m])",
            "sum by (job) (rate(http_requests_total[5m]))");

    private FanOutBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals(SERVE_STORES)) {
            serveStores(args.length > 1 ? Integer.parseInt(args[1]) : 1000);
            return;
        }
        int seriesCount = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        String mode = args.length > 2 ? args[2] : "";
        if (mode.startsWith(FORKS)) {
            forks(Integer.parseInt(mode.substring(FORKS.length())), seriesCount, rounds);
            return;
        }
        List<AutoCloseable> closers = new ArrayList<>();
        try {
            Stores stores = mode.equals("in-process")
                    ? inProcess(seriesCount, closers) : childProcess(seriesCount, closers);
            System.out.printf("process CPU clock: %s%n", ProcessCpuClock.exact()
                    ? "clock_gettime(CLOCK_PROCESS_CPUTIME_ID), ns" : "OperatingSystemMXBean, scheduler ticks");
            System.out.printf("stores: %s%n", stores.pid < 0 ? "in this process (CPU columns count stores and querier)"
                    : "in child process " + stores.pid + " (querier CPU is this process's, stores CPU the child's)");
            GrpcStoreClient a = client(stores.addressA, closers);
            GrpcStoreClient b = client(stores.addressB, closers);
            Queryable direct = new StoreQueryable(a, XorChunkDecoder.INSTANCE,
                    new QueryOptions(false, List.of(), DedupFunction.PENALTY, true, 0));
            List<StoreClient> clients = List.of(new StoreClient(stores.addressA, a, a.info()),
                    new StoreClient(stores.addressB, b, b.info()));
            ProxyStore proxy = new ProxyStore(() -> clients, Labels.empty(), ComponentType.QUERY, Duration.ZERO);
            Queryable deduped = new StoreQueryable(proxy, XorChunkDecoder.INSTANCE,
                    QueryOptions.defaults(List.of("replica")));
            Engine engine = new Engine(EngineOptions.DEFAULT.withMaxSamples(500_000_000));
            Instant start = Instant.ofEpochMilli(T0);
            Instant end = Instant.ofEpochMilli(T0 + HOURS * 3_600_000 - 1);
            Duration step = Duration.ofSeconds(30);
            if (mode.startsWith("profile")) {
                // One path only, for a profiler: FanOutBenchmark N ROUNDS profile|profile-direct
                Queryable profiled = mode.equals("profile-direct") ? direct : deduped;
                for (int i = 0; i < rounds; i++) {
                    for (String q : QUERIES) {
                        run(engine, profiled, q, start, end, step);
                    }
                }
                return;
            }
            for (String q : QUERIES) {
                check(engine, direct, deduped, q, start, end, step);
            }
            warmUp(engine, direct, deduped, start, end, step);
            if (mode.equals("threads")) {
                for (String q : QUERIES) {
                    threadShares(engine, direct, deduped, q, start, end, step, rounds);
                }
                return;
            }
            System.out.printf("%-46s %20s %7s %20s %7s %20s %7s %20s %7s%n", "query (range 4h, step 30s)",
                    "cpu direct/fan-out", "ratio", "eval direct/fan-out", "ratio", "wall direct/fan-out", "ratio",
                    stores.pid < 0 ? "" : "stores cpu", stores.pid < 0 ? "" : "total");
            for (String q : QUERIES) {
                // Interleave (a) and (b) so that load from neighbours hits both alike.
                long[][] direct_ = new long[4][rounds];
                long[][] fanout = new long[4][rounds];
                for (int i = 0; i < rounds; i++) {
                    measure(engine, direct, q, start, end, step, stores.pid, direct_, i);
                    measure(engine, deduped, q, start, end, step, stores.pid, fanout, i);
                }
                double dc = median(direct_[0]) / 1e6;
                double fc = median(fanout[0]) / 1e6;
                double dw = median(direct_[1]) / 1e6;
                double fw = median(fanout[1]) / 1e6;
                double de = median(direct_[2]) / 1e6;
                double fe = median(fanout[2]) / 1e6;
                String storesColumns = "";
                double totalRatio = 0;
                if (stores.pid >= 0) {
                    double ds = median(direct_[3]) / 1e6;
                    double fs = median(fanout[3]) / 1e6;
                    totalRatio = median(sum(fanout[0], fanout[3])) / median(sum(direct_[0], direct_[3]));
                    storesColumns = String.format(" %7.1f / %6.1f ms %6.2fx", ds, fs, totalRatio);
                }
                System.out.printf("%-46s %7.1f / %6.1f ms %6.2fx %7.1f / %6.1f ms %6.2fx %7.1f / %6.1f ms %6.2fx%s%n",
                        q, dc, fc, fc / dc, de, fe, fe / de, dw, fw, fw / dw, storesColumns);
                if (Boolean.getBoolean(FIGURES_PROPERTY) && stores.pid >= 0) {
                    System.out.printf("%s %d %f %f %f %f%n", FIGURES, QUERIES.indexOf(q), fc / dc, fe / de, fw / dw,
                            totalRatio);
                }
            }
        } finally {
            for (AutoCloseable c : closers.reversed()) {
                c.close();
            }
        }
    }

    private static final String SERVE_STORES = "serve-stores";
    private static final String FORKS = "forks:";
    private static final String FIGURES_PROPERTY = "fanout.figures";
    private static final String FIGURES = "figures";

    /**
     * Runs the whole benchmark in {@code n} fresh JVMs, one after the other, and prints each query's ratios per
     * JVM and their median: from one JVM to the next, C2 compiles the two paths differently enough to move a
     * ratio by ±0.1, more than the rounds within one JVM do.
     */
    private static void forks(int n, int seriesCount, int rounds) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-D" + FIGURES_PROPERTY + "=true", "-cp", System.getProperty("java.class.path"),
                FanOutBenchmark.class.getName(), Integer.toString(seriesCount), Integer.toString(rounds)));
        String[] names = {"querier CPU", "eval", "wall", "total"};
        double[][][] ratios = new double[QUERIES.size()][names.length][n];
        for (int f = 0; f < n; f++) {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(FIGURES + " ")) {
                    String[] x = line.split(" ");
                    for (int k = 0; k < names.length; k++) {
                        ratios[Integer.parseInt(x[1])][k][f] = Double.parseDouble(x[2 + k]);
                    }
                } else {
                    System.out.printf("fork %d: %s%n", f + 1, line);
                }
            }
            if (p.waitFor() != 0) {
                throw new IllegalStateException("fork " + (f + 1) + " failed with exit " + p.exitValue());
            }
        }
        System.out.printf("ratios fan-out / direct per JVM, and their median over %d JVMs:%n", n);
        for (int q = 0; q < QUERIES.size(); q++) {
            System.out.println(QUERIES.get(q));
            for (int k = 0; k < names.length; k++) {
                StringBuilder row = new StringBuilder();
                for (double r : ratios[q][k]) {
                    row.append(String.format(" %.2f", r));
                }
                double[] sorted = ratios[q][k].clone();
                Arrays.sort(sorted);
                System.out.printf("  %-12s median %.2fx  (%s )%n", names[k], sorted[n / 2], row.toString().trim());
            }
        }
    }

    /** Where the two replica StoreAPIs listen, and the process serving them ({@code -1}: this one). */
    private record Stores(String addressA, String addressB, long pid) {}

    /** Fills both replicas' TSDBs under a new temporary directory (deleted on close) and serves them. */
    private static Stores inProcess(int seriesCount, List<AutoCloseable> closers) throws Exception {
        Path dir = Files.createTempDirectory("fanout-bench");
        closers.add(() -> FileTrees.removeAll(dir));
        Tsdb dbA = Tsdb.open(dir.resolve("a"));
        closers.add(dbA);
        Tsdb dbB = Tsdb.open(dir.resolve("b"));
        closers.add(dbB);
        long samples = fill(dbA, seriesCount, 0);
        fill(dbB, seriesCount, REPLICA_B_OFFSET);
        dbA.compact();
        dbB.compact();
        System.out.printf("data: %d series, %d samples per replica, %d block(s) + head%n", seriesCount, samples,
                dbA.blocks().size());
        long maxT = T0 + HOURS * 3_600_000;
        String a = serve(new TsdbStore(dbA, Labels.of("replica", "a"), ComponentType.RECEIVE, () -> T0, () -> maxT), closers);
        String b = serve(new TsdbStore(dbB, Labels.of("replica", "b"), ComponentType.RECEIVE, () -> T0, () -> maxT), closers);
        return new Stores(a, b, -1);
    }

    /**
     * Runs the stores in a child JVM (this class with {@value #SERVE_STORES}), as they run in their own processes
     * when deployed, so that this process's CPU time is the querier's alone.
     */
    private static Stores childProcess(int seriesCount, List<AutoCloseable> closers) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED", "-Xmx2g", "-cp",
                System.getProperty("java.class.path"), FanOutBenchmark.class.getName(), SERVE_STORES,
                Integer.toString(seriesCount)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        closers.add(() -> {
            child.getOutputStream().close(); // the child stops when its stdin ends
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        });
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("stores ")) {
                String[] f = line.split(" ");
                return new Stores(f[1], f[2], child.pid());
            }
            System.out.println(line);
        }
        throw new IllegalStateException("the stores' process ended before it served (exit " + child.waitFor() + ")");
    }

    /** The child's side: serves both replicas, prints {@code stores ADDRESS_A ADDRESS_B}, and stops at stdin's end. */
    private static void serveStores(int seriesCount) throws Exception {
        List<AutoCloseable> closers = new ArrayList<>();
        try {
            Stores stores = inProcess(seriesCount, closers);
            System.out.println("stores " + stores.addressA + " " + stores.addressB);
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin (or die)
            }
        } finally {
            for (AutoCloseable c : closers.reversed()) {
                c.close();
            }
        }
    }

    private static long[] sum(long[] x, long[] y) {
        long[] s = new long[x.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = x[i] + y[i];
        }
        return s;
    }

    /**
     * Runs every query over both paths until the JIT compilers are nearly idle: a round of all queries that
     * costs compiler threads less than 2 % of the process CPU time it took, at most {@value #MAX_WARM_UP_ROUNDS}
     * rounds. Compilation goes on for a minute or more on a loaded machine, and the compiler threads' CPU time
     * would otherwise be charged to whichever path happened to trigger it.
     */
    private static void warmUp(Engine engine, Queryable direct, Queryable deduped, Instant start, Instant end,
            Duration step) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long began = System.nanoTime();
        int round = 0;
        while (round++ < MAX_WARM_UP_ROUNDS) {
            long cpu = ProcessCpuClock.nanos();
            long compiling = jit.getTotalCompilationTime();
            for (String q : QUERIES) {
                run(engine, direct, q, start, end, step);
                run(engine, deduped, q, start, end, step);
            }
            double compileShare = (jit.getTotalCompilationTime() - compiling) * 1e6 / (ProcessCpuClock.nanos() - cpu);
            if (round >= 3 && compileShare < 0.02) {
                break;
            }
        }
        System.out.printf("warm-up: %d rounds, %.1f s, JIT compilation so far %.1f s%n", round,
                (System.nanoTime() - began) / 1e9, jit.getTotalCompilationTime() / 1e3);
    }

    /** Counters with a reset now and then, 20 jobs, a sample every 15 s, timestamps shifted by {@code offset}. */
    private static long fill(Tsdb db, int seriesCount, long offset) throws Exception {
        long samples = 0;
        Labels[] labels = new Labels[seriesCount];
        for (int s = 0; s < seriesCount; s++) {
            labels[s] = Labels.of("__name__", "http_requests_total", "instance", "host-" + s, "job", "job-" + (s % 20));
        }
        long[] refs = new long[seriesCount];
        double[] values = new double[seriesCount];
        long end = T0 + HOURS * 3_600_000;
        for (long t = T0; t < end; t += SCRAPE) {
            HeadAppender app = db.appender();
            for (int s = 0; s < seriesCount; s++) {
                values[s] += (s % 7) + (t / SCRAPE % 3);
                if ((t / SCRAPE + s) % 2000 == 0) {
                    values[s] = 0;
                }
                refs[s] = app.append(refs[s], labels[s], t + offset, values[s]);
                samples++;
            }
            app.commit();
        }
        return samples;
    }

    /** The deduplicated answer must equal the direct one, else the comparison means nothing. */
    private static void check(Engine engine, Queryable direct, Queryable deduped, String q, Instant start, Instant end,
            Duration step) {
        List<RangeSeries> a = withoutReplica(engine.rangeQuery(direct, q, start, end, step).execute());
        List<RangeSeries> b = withoutReplica(engine.rangeQuery(deduped, q, start, end, step).execute());
        if (a.isEmpty() || !a.equals(b)) {
            throw new IllegalStateException("deduplicated answer differs from the direct one for " + q);
        }
    }

    private static List<RangeSeries> withoutReplica(QueryResult r) {
        List<RangeSeries> out = new ArrayList<>();
        for (RangeSeries s : ((Matrix) r.value()).series()) {
            out.add(new RangeSeries(s.labels().without(List.of("replica")), s.timestamps(), s.values()));
        }
        out.sort((x, y) -> x.labels().compareTo(y.labels()));
        return out;
    }

    private static void measure(Engine engine, Queryable queryable, String q, Instant start, Instant end, Duration step,
            long storesPid, long[][] out, int i) {
        // Without an exact process CPU clock (see ProcessCpuClock) it ticks in 10 ms steps: run the query a few
        // times per round.
        long stores = storesPid < 0 ? 0 : ProcessCpuClock.nanosOf(storesPid);
        long cpu = ProcessCpuClock.nanos();
        long eval = THREADS.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        for (int r = 0; r < REPEATS; r++) {
            run(engine, queryable, q, start, end, step);
        }
        out[1][i] = (System.nanoTime() - wall) / REPEATS;
        out[2][i] = (THREADS.getCurrentThreadCpuTime() - eval) / REPEATS;
        out[0][i] = (ProcessCpuClock.nanos() - cpu) / REPEATS;
        out[3][i] = storesPid < 0 ? 0 : (ProcessCpuClock.nanosOf(storesPid) - stores) / REPEATS;
    }

    /**
     * Where each path's querier CPU goes: the CPU time of this process's threads over {@code rounds} runs of
     * {@code q}, grouped by thread name (digits dropped), per query; "other" is the process CPU no Java thread
     * accounts for (GC, JIT, VM threads).
     */
    private static void threadShares(Engine engine, Queryable direct, Queryable deduped, String q, Instant start,
            Instant end, Duration step, int rounds) {
        System.out.printf("%s, ms per query over %d runs (direct / fan-out)%n", q, rounds);
        Map<String, double[]> groups = new TreeMap<>();
        for (int path = 0; path < 2; path++) {
            Queryable queryable = path == 0 ? direct : deduped;
            Map<Long, Long> before = threadCpu();
            long allocated = ((com.sun.management.ThreadMXBean) THREADS).getTotalThreadAllocatedBytes();
            long cpu = ProcessCpuClock.nanos();
            for (int r = 0; r < rounds; r++) {
                run(engine, queryable, q, start, end, step);
            }
            long process = ProcessCpuClock.nanos() - cpu;
            groups.computeIfAbsent("(allocated MB, live threads)", k -> new double[2])[path] +=
                    (((com.sun.management.ThreadMXBean) THREADS).getTotalThreadAllocatedBytes() - allocated) / 1e6 / rounds;
            Map<Long, Long> after = threadCpu();
            long accounted = 0;
            for (ThreadInfo info : THREADS.getThreadInfo(after.keySet().stream().mapToLong(Long::longValue).toArray())) {
                if (info == null) {
                    continue;
                }
                long spent = after.get(info.getThreadId()) - before.getOrDefault(info.getThreadId(), 0L);
                accounted += spent;
                groups.computeIfAbsent(info.getThreadName().replaceAll("[0-9]+", "N"), k -> new double[2])[path] +=
                        spent / 1e6 / rounds;
            }
            groups.computeIfAbsent("(other)", k -> new double[2])[path] += (process - accounted) / 1e6 / rounds;
            groups.computeIfAbsent("(process)", k -> new double[2])[path] += process / 1e6 / rounds;
        }
        groups.forEach((name, ms) -> {
            if (ms[0] + ms[1] >= 0.05) {
                System.out.printf("  %-40s %7.2f / %7.2f%n", name, ms[0], ms[1]);
            }
        });
    }

    private static Map<Long, Long> threadCpu() {
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            long t = THREADS.getThreadCpuTime(id);
            if (t >= 0) {
                cpu.put(id, t);
            }
        }
        return cpu;
    }

    private static int run(Engine engine, Queryable queryable, String q, Instant start, Instant end, Duration step) {
        QueryResult r = engine.rangeQuery(queryable, q, start, end, step).execute();
        if (r.value() instanceof Matrix m) {
            return m.series().size();
        }
        throw new IllegalStateException("not a matrix: " + r.value());
    }

    private static double median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** Serves {@code store} on a loopback port until closed; its address. */
    private static String serve(StoreApi store, List<AutoCloseable> closers) throws Exception {
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new StoreGrpcService(store)).addService(new InfoGrpcService(store)).build().start();
        closers.add(() -> {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        });
        return "127.0.0.1:" + server.getPort();
    }

    private static GrpcStoreClient client(String address, List<AutoCloseable> closers) {
        ManagedChannel channel = NettyChannelBuilder.forTarget(address).usePlaintext()
                .maxInboundMessageSize(64 << 20).build();
        closers.add(() -> {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        });
        return new GrpcStoreClient(channel, address);
    }
}
