package io.jthanos.cmd.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The fixed set of queries whose answers from our querier must equal Prometheus's own over a time range,
 * for the series Prometheus scraped (jobs {@code prometheus} and {@code jthanos}) and remote-wrote to us.
 */
final class Comparison {
    private static final String JOBS = "job=~\"prometheus|jthanos\"";
    private static final int MAX_REPORTED = 5;

    private Comparison() {}

    /**
     * Asserts equal answers over {@code [start, end]} (seconds).
     *
     * @return the number of samples compared, so callers can assert the comparison was not vacuous
     */
    static long assertSameAnswers(PromApi prometheus, PromApi ours, long start, long end) throws IOException {
        long range = end - start;
        List<String> problems = new ArrayList<>();
        long samples = 0;
        // Every sample of every scraped series, exactly: same series, timestamps and values.
        String raw = "{" + JOBS + "}[" + range + "s]";
        samples += compare(problems, raw, 0, prometheus.instant(raw, end), ours.instant(raw, end));
        samples += compare(problems, "up", 0, prometheus.range("up{" + JOBS + "}", start, end, 1),
                ours.range("up{" + JOBS + "}", start, end, 1));
        String rate = "rate(prometheus_tsdb_head_samples_appended_total[5s])";
        samples += compare(problems, rate, 1e-9, prometheus.range(rate, start, end, 1), ours.range(rate, start, end, 1));
        String sum = "sum by (job) (up{" + JOBS + "})";
        samples += compare(problems, sum, 0, prometheus.range(sum, start, end, 2), ours.range(sum, start, end, 2));
        assertThat(problems).as("differences between Prometheus and jthanos over [%d, %d]", start, end).isEmpty();
        return samples;
    }

    private static long compare(List<String> problems, String query, double tolerance, Map<String, List<String>> expected,
            Map<String, List<String>> actual) {
        long n = 0;
        int reported = 0;
        TreeSet<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String key : keys) {
            List<String> e = expected.get(key);
            List<String> a = actual.get(key);
            n += e == null ? 0 : e.size();
            if (!same(e, a, tolerance) && reported++ < MAX_REPORTED) {
                problems.add(query + " " + key + ":\n  prometheus: " + abbreviate(e) + "\n  jthanos:    " + abbreviate(a)
                        + firstDifference(e, a));
            }
        }
        if (reported > MAX_REPORTED) {
            problems.add(query + ": " + (reported - MAX_REPORTED) + " more series differ");
        }
        if (expected.isEmpty()) {
            problems.add(query + ": Prometheus returned no series (the comparison would be vacuous)");
        }
        return n;
    }

    private static boolean same(List<String> e, List<String> a, double tolerance) {
        if (e == null || a == null || e.size() != a.size()) {
            return false;
        }
        for (int i = 0; i < e.size(); i++) {
            if (e.get(i).equals(a.get(i))) {
                continue;
            }
            String[] pe = e.get(i).split("=", 2);
            String[] pa = a.get(i).split("=", 2);
            if (tolerance == 0 || !pe[0].equals(pa[0])) {
                return false;
            }
            double x = Double.parseDouble(pe[1]);
            double y = Double.parseDouble(pa[1]);
            if (Math.abs(x - y) > tolerance * Math.max(1, Math.max(Math.abs(x), Math.abs(y)))) {
                return false;
            }
        }
        return true;
    }

    /** Where two sample lists first part, with a few samples around it; the abbreviation can hide it. */
    private static String firstDifference(List<String> e, List<String> a) {
        if (e == null || a == null) {
            return "";
        }
        int i = 0;
        while (i < e.size() && i < a.size() && e.get(i).equals(a.get(i))) {
            i++;
        }
        int from = Math.max(0, i - 2);
        return "\n  first difference at sample " + i + ": prometheus " + e.subList(from, Math.min(e.size(), i + 3))
                + ", jthanos " + a.subList(from, Math.min(a.size(), i + 3));
    }

    private static String abbreviate(List<String> samples) {
        if (samples == null) {
            return "(missing)";
        }
        if (samples.size() <= 6) {
            return samples.toString();
        }
        return samples.size() + " samples " + samples.subList(0, 3) + " … " + samples.subList(samples.size() - 3, samples.size());
    }
}
