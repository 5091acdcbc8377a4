package io.jthanos.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Runs the benchmark bodies measuring the thread's CPU time instead of wall time, reporting the median
 * of rounds. On a shared machine (other processes competing for the cores) wall-clock JMH scores mostly
 * measure the neighbours; CPU time is inflated only by cache and SMT contention. Usage:
 * {@code java -cp … io.jthanos.benchmarks.CpuTimeRunner [xor|xor-block [DATASET…]]} ({@code xor}: only the XOR
 * measurements; {@code xor-block}: XOR and block open; data sets as in {@link XorBenchmark}, all by default). {@link HostProbe}'s line (load average and core contention) is printed before and after the XOR part.
 */
public final class CpuTimeRunner {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    static long sink;

    private CpuTimeRunner() {}

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "all";
        System.out.println(HostProbe.line());
        String[] sets = args.length > 1 ? Arrays.copyOfRange(args, 1, args.length) : XorBenchmark.DATA;
        for (String data : sets) {
            XorBenchmark b = new XorBenchmark();
            b.data = data;
            b.setup();
            // the sum of t + value bits over one pass; xor-go-compare.sh checks Prometheus's decoder against it
            System.out.println("xor decode checksum " + data + " " + b.decode());
            report("xor decode " + data, "ns/sample", measure(b::decode, 300) / b.samples);
            report("xor decode only (no next/at) " + data, "ns/sample", measure(b::decodeOnly, 300) / b.samples);
            report("xor seek+read " + data, "ns/chunk", measure(b::seekThenRead, 300) / b.chunks.length);
            report("xor encode " + data, "ns/sample", measure(b::encode, 100) / b.samples);
            report("xor size " + data + " (" + b.chunks.length + " chunks, " + b.samples + " samples)", "bytes/sample",
                    b.bytesPerSample());
        }
        System.out.println(HostProbe.line());
        if (mode.equals("xor")) {
            return;
        }
        BlockOpenBenchmark bo = new BlockOpenBenchmark();
        bo.setup();
        report("block open+close " + BlockOpenBenchmark.SERIES / 1000 + "k series", "us", measure(() -> {
            try {
                return bo.openClose();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, 200) / 1e3);
        report("block open+first query+close " + BlockOpenBenchmark.SERIES / 1000 + "k series", "us", measure(() -> {
            try {
                return bo.openFirstQueryClose();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, 200) / 1e3);
        bo.tearDown();
        if (mode.equals("xor-block")) {
            return;
        }
        for (int lists = 2; lists <= 4; lists++) {
            PostingsBenchmark p = new PostingsBenchmark();
            p.lists = lists;
            p.setup();
            report("postings intersect " + lists + "x1M", "ms", measure(p::intersect, 30) / 1e6);
            report("postings merge " + lists + "x1M", "ms", measure(p::merge, 10) / 1e6);
        }
        IndexBenchmark ix = new IndexBenchmark();
        long t0 = System.nanoTime();
        ix.setup();
        report("index write 1M series (wall)", "s", (System.nanoTime() - t0) / 1e9);
        report("index open 1M series", "ms", measure(() -> {
            try {
                return ix.open();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, 20) / 1e6);
        report("select metric_42{job=\"job-3\"} + decode", "us", measure(() -> {
            try {
                return ix.selectEqualAndDecode();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, 200) / 1e3);
        report("select metric_42{instance=~\"host-1.*\",job!=\"job-3\"} + decode", "us", measure(() -> {
            try {
                return ix.selectRegexAndDecode();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, 100) / 1e3);
        ix.tearDown();
    }

    /** Median CPU nanoseconds of one call after warming up. */
    private static double measure(LongSupplier body, int rounds) {
        for (int i = 0; i < rounds; i++) {
            sink += body.getAsLong();
        }
        long[] ns = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long s = MX.getCurrentThreadCpuTime();
            sink += body.getAsLong();
            ns[i] = MX.getCurrentThreadCpuTime() - s;
        }
        Arrays.sort(ns);
        return ns[rounds / 2];
    }

    private static void report(String name, String unit, double v) {
        System.out.printf("%-60s %10.2f %s%n", name, v, unit);
    }
}
