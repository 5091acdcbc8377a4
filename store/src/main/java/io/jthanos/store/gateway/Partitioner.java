package io.jthanos.store.gateway;

import java.util.ArrayList;
import java.util.List;

/**
 * Groups byte ranges into few object-store reads (Thanos's {@code gapBasedPartitioner}): ranges sorted by start
 * whose gap to the running part is at most {@code maxGap} bytes are read together, trading a little over-read
 * for fewer requests.
 */
public final class Partitioner {
    /** Thanos's {@code PartitionerMaxGapSize}: 512 KiB. */
    public static final long DEFAULT_MAX_GAP = 512 * 1024;

    /**
     * One read covering the ranges {@code [from, to)} of the input.
     *
     * @param start first byte to read
     * @param end byte after the last to read
     */
    public record Part(long start, long end, int from, int to) {
        public long length() {
            return end - start;
        }
    }

    private Partitioner() {}

    /**
     * Partitions {@code n} ranges {@code [starts[i], ends[i])}, sorted by start.
     *
     * @throws IllegalArgumentException if the starts are not sorted
     */
    public static List<Part> partition(long[] starts, long[] ends, int n, long maxGap) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < n) {
            long start = starts[i];
            long end = ends[i];
            int from = i++;
            while (i < n) {
                if (starts[i] < starts[i - 1]) {
                    throw new IllegalArgumentException("ranges not sorted by start at " + i);
                }
                if (starts[i] > end + maxGap) {
                    break;
                }
                end = Math.max(end, ends[i]);
                i++;
            }
            parts.add(new Part(start, end, from, i));
        }
        return parts;
    }
}
