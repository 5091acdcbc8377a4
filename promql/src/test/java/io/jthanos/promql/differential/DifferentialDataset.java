package io.jthanos.promql.differential;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The seeded dataset of the differential test, written as OpenMetrics text for
 * {@code promtool tsdb create-blocks-from openmetrics}: about 2,000 series over six hours from
 * {@link #START} at 15 s, 30 s and 60 s intervals with millisecond scrape jitter. Counters reset,
 * series have gaps, some stop early and some start late (churn), label values include non-ASCII text,
 * one gauge carries NaN and ±Inf, a classic histogram has {@code _bucket{le}}, {@code _sum} and
 * {@code _count}, and info metrics ({@code target_info}, {@code build_info}) feed {@code info()}.
 *
 * <p>OpenMetrics text cannot express staleness markers, so series that stop simply have no more samples:
 * queries see them through the lookback window, not through a stale marker.
 */
public final class DifferentialDataset {

    /** First sample time, seconds; aligned to 2 h so the blocks are exactly 2 h each. */
    public static final long START = 1_700_006_400L;
    public static final long HOURS = 6;
    public static final long END = START + HOURS * 3600;

    private static final String[] JOBS = {"api", "web", "batch"};
    private static final String[] METHODS = {"GET", "POST", "PUT"};
    private static final String[] CODES = {"200", "404", "500"};
    private static final String[] MODES = {"idle", "user", "system", "iowait"};
    private static final String[] LOCATIONS = {"Zürich", "東京", "São Paulo", "Kraków", "Москва", "naïve café", "plain"};
    private static final double[] LE = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final SplittableRandom random;
    private final BufferedWriter out;

    private DifferentialDataset(long seed, BufferedWriter out) {
        this.random = new SplittableRandom(seed);
        this.out = out;
    }

    /** Writes the dataset for {@code seed} to {@code file}. */
    public static void write(long seed, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            DifferentialDataset d = new DifferentialDataset(seed, w);
            d.httpRequests();
            d.cpu();
            d.memory();
            d.temperature();
            d.weird();
            d.durations();
            d.queues();
            d.up();
            d.info();
            w.write("# EOF\n");
        }
    }

    private void httpRequests() throws IOException {
        out.write("# TYPE http_requests counter\n");
        for (String job : JOBS) {
            for (int inst = 0; inst < 5; inst++) {
                for (String method : METHODS) {
                    for (String code : CODES) {
                        String labels = "job=\"" + job + "\",instance=\"host-" + inst + ":9090\",method=\"" + method
                                + "\",code=\"" + code + "\"";
                        counter("http_requests_total", labels, 15, code.equals("200") ? 10 : 0.5, inst == 4 ? 4 * 3600 : 0);
                    }
                }
            }
        }
    }

    private void cpu() throws IOException {
        out.write("# TYPE node_cpu_seconds counter\n");
        for (int inst = 0; inst < 10; inst++) {
            for (int cpu = 0; cpu < 4; cpu++) {
                for (String mode : MODES) {
                    String labels = "instance=\"node-" + inst + "\",cpu=\"" + cpu + "\",mode=\"" + mode + "\"";
                    counter("node_cpu_seconds_total", labels, 30, mode.equals("idle") ? 25 : 3, 0);
                }
            }
        }
    }

    private void memory() throws IOException {
        out.write("# TYPE node_memory_free_bytes gauge\n");
        for (int inst = 0; inst < 10; inst++) {
            double v = 4e9 + random.nextInt(1_000_000) * 1000.0;
            Series s = new Series("node_memory_free_bytes", "instance=\"node-" + inst + "\"", 60);
            for (long t = START + random.nextInt(60); t < END; t += 60) {
                v = Math.max(0, v + (random.nextInt(2_000_001) - 1_000_000) * 100.0);
                s.sample(t, v);
            }
        }
    }

    private void temperature() throws IOException {
        out.write("# TYPE temperature_celsius gauge\n");
        for (int i = 0; i < 200; i++) {
            String labels = "sensor=\"s" + i + "\",location=\"" + LOCATIONS[i % LOCATIONS.length] + "\",rack=\"r"
                    + (i % 13) + "\"";
            Series s = new Series("temperature_celsius", labels, 60);
            double v = -10 + random.nextInt(400) / 10.0;
            long gapStart = START + random.nextInt((int) (HOURS * 3600));
            long gapEnd = gapStart + (i % 3 == 0 ? 1200 : 0);
            for (long t = START + random.nextInt(60); t < END; t += 60) {
                v = Math.round((v + (random.nextInt(21) - 10) / 10.0) * 10) / 10.0;
                if (t < gapStart || t >= gapEnd) {
                    s.sample(t, v);
                }
            }
        }
    }

    private void weird() throws IOException {
        out.write("# TYPE weird_values gauge\n");
        String[] kinds = {"nan", "inf", "neginf", "zero", "mixed", "huge", "tiny"};
        for (String kind : kinds) {
            Series s = new Series("weird_values", "kind=\"" + kind + "\"", 30);
            int k = 0;
            for (long t = START; t < END; t += 30, k++) {
                double v = switch (kind) {
                    case "nan" -> k % 5 == 0 ? Double.NaN : k;
                    case "inf" -> k % 7 == 0 ? Double.POSITIVE_INFINITY : -k;
                    case "neginf" -> k % 11 == 0 ? Double.NEGATIVE_INFINITY : k * 0.5;
                    case "zero" -> 0;
                    case "mixed" -> k % 3 == 0 ? -k : k % 3 == 1 ? k * 1.5 : Double.NaN;
                    case "huge" -> 1.7e308 * ((k % 2) * 2 - 1);
                    default -> 1e-300 * k;
                };
                s.sample(t, v);
            }
        }
    }

    private void durations() throws IOException {
        out.write("# TYPE http_request_duration_seconds histogram\n");
        for (String job : JOBS) {
            for (int inst = 0; inst < 5; inst++) {
                String base = "job=\"" + job + "\",instance=\"host-" + inst + ":9090\"";
                int n = LE.length + 1;
                double[] buckets = new double[n];
                double sum = 0;
                double count = 0;
                long[] times = times(15, inst == 3 ? 5 * 3600 : 0);
                double[][] bucketValues = new double[n][times.length];
                double[] sums = new double[times.length];
                double[] counts = new double[times.length];
                for (int k = 0; k < times.length; k++) {
                    if (k > 0 && random.nextInt(2000) == 0) {
                        java.util.Arrays.fill(buckets, 0);
                        sum = 0;
                        count = 0;
                    }
                    int requests = random.nextInt(20);
                    for (int r = 0; r < requests; r++) {
                        double d = Math.exp(random.nextDouble() * 8 - 6) * (job.equals("batch") ? 5 : 1);
                        d = Math.round(d * 1000) / 1000.0;
                        sum += d;
                        count++;
                        for (int b = 0; b < n; b++) {
                            if (b == LE.length || d <= LE[b]) {
                                buckets[b]++;
                            }
                        }
                    }
                    for (int b = 0; b < n; b++) {
                        bucketValues[b][k] = buckets[b];
                    }
                    sums[k] = Math.round(sum * 1000) / 1000.0;
                    counts[k] = count;
                }
                for (int b = 0; b < n; b++) {
                    String le = b == LE.length ? "+Inf" : Double.toString(LE[b]);
                    Series s = new Series("http_request_duration_seconds_bucket", base + ",le=\"" + le + "\"", 15);
                    s.samples(times, bucketValues[b]);
                }
                new Series("http_request_duration_seconds_sum", base, 15).samples(times, sums);
                new Series("http_request_duration_seconds_count", base, 15).samples(times, counts);
            }
        }
    }

    private void queues() throws IOException {
        out.write("# TYPE queue_length gauge\n");
        for (int i = 0; i < 1200; i++) {
            String labels = "queue=\"q" + i + "\",shard=\"" + (i % 16) + "\",env=\"" + (i % 5 == 0 ? "staging" : "prod") + "\"";
            Series s = new Series("queue_length", labels, 60);
            long from = START + random.nextInt((int) (HOURS * 3600 / 2));
            long to = from + 3600 + random.nextInt((int) (HOURS * 3600 / 2));
            double v = random.nextInt(100);
            for (long t = from; t < Math.min(to, END); t += 60) {
                v = Math.max(0, v + random.nextInt(11) - 5);
                s.sample(t, v);
            }
        }
    }

    private void up() throws IOException {
        out.write("# TYPE up gauge\n");
        for (String job : JOBS) {
            for (int inst = 0; inst < 5; inst++) {
                Series s = new Series("up", "job=\"" + job + "\",instance=\"host-" + inst + ":9090\"", 15);
                for (long t = START; t < END; t += 15) {
                    s.sample(t, random.nextInt(50) == 0 ? 0 : 1);
                }
            }
        }
    }

    /**
     * Info metrics for {@code info()}: {@code target_info} per job and instance (one target changes its
     * version half-way, which ends one series and starts another), and {@code build_info} for some.
     */
    private void info() throws IOException {
        out.write("# TYPE target info\n");
        String[] regions = {"eu", "us", "ap"};
        for (int j = 0; j < JOBS.length; j++) {
            for (int inst = 0; inst < 5; inst++) {
                String base = "job=\"" + JOBS[j] + "\",instance=\"host-" + inst + ":9090\",region=\"" + regions[(j + inst) % 3] + "\"";
                long switchAt = j == 0 && inst == 1 ? START + 3 * 3600 : END;
                Series v1 = new Series("target_info", base + ",version=\"1.0\"", 60);
                for (long t = START; t < switchAt; t += 60) {
                    v1.sample(t, 1);
                }
                if (switchAt < END) {
                    Series v2 = new Series("target_info", base + ",version=\"2.0\"", 60);
                    for (long t = switchAt; t < END; t += 60) {
                        v2.sample(t, 1);
                    }
                }
            }
        }
        out.write("# TYPE build info\n");
        for (int inst = 0; inst < 5; inst += 2) {
            Series s = new Series("build_info", "job=\"api\",instance=\"host-" + inst + ":9090\",goversion=\"go1.24\",region=\"eu\"", 60);
            for (long t = START + 30; t < END; t += 60) {
                s.sample(t, 1);
            }
        }
    }

    /** A counter with occasional resets, stopping {@code stopBefore} seconds before the end if positive. */
    private void counter(String name, String labels, int interval, double rate, long stopBefore) throws IOException {
        Series s = new Series(name, labels, interval);
        long[] times = times(interval, stopBefore);
        double v = random.nextInt(1000);
        for (long t : times) {
            if (random.nextInt(600) == 0) {
                v = random.nextInt(3);
            } else {
                v += random.nextInt((int) (rate * 2 * interval) + 1) / 2.0;
            }
            s.sampleMillis(t, v);
        }
    }

    /** Sample times in milliseconds with scrape jitter and, for one series in four, a 10–40 minute gap. */
    private long[] times(int interval, long stopBefore) {
        long phase = random.nextInt(interval * 1000);
        long gapStart = random.nextInt(4) == 0 ? START * 1000 + random.nextLong(HOURS * 3600 * 1000) : Long.MAX_VALUE;
        long gapEnd = gapStart == Long.MAX_VALUE ? gapStart : gapStart + (10 + random.nextInt(31)) * 60_000L;
        long end = (stopBefore > 0 ? END - stopBefore : END) * 1000;
        long[] ts = new long[(int) ((end - START * 1000) / (interval * 1000L)) + 1];
        int n = 0;
        for (long t = START * 1000 + phase; t < end; t += interval * 1000L) {
            long jittered = t + random.nextInt(21);
            if (jittered >= gapStart && jittered < gapEnd) {
                continue;
            }
            ts[n++] = jittered;
        }
        return java.util.Arrays.copyOf(ts, n);
    }

    /** Writes one series' samples; timestamps must increase. */
    private final class Series {
        private final String prefix;

        Series(String name, String labels, int interval) {
            this.prefix = name + "{" + labels + "} ";
        }

        void sample(long seconds, double value) throws IOException {
            out.write(prefix + format(value) + " " + seconds + "\n");
        }

        void sampleMillis(long millis, double value) throws IOException {
            out.write(prefix + format(value) + " " + String.format(Locale.ROOT, "%d.%03d", millis / 1000, millis % 1000) + "\n");
        }

        void samples(long[] millis, double[] values) throws IOException {
            for (int i = 0; i < millis.length; i++) {
                sampleMillis(millis[i], values[i]);
            }
        }
    }

    private static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
