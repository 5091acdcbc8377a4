package io.jthanos.tsdb.block;

import io.jthanos.model.Labels;
import io.jthanos.tsdb.encoding.CorruptBlockException;
import io.jthanos.tsdb.index.ChunkRefMeta;
import io.jthanos.tsdb.index.IndexReader;
import io.jthanos.tsdb.index.Postings;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks postings and yields each series with the chunk metas that overlap {@code [minTime, maxTime]}
 * and are not entirely deleted, plus the intervals to drop when reading samples: tombstones and, unless
 * trimming is disabled, everything outside the range (as Prometheus's {@code blockBaseSeriesSet}).
 */
final class SeriesCursor {
    private final IndexReader index;
    private final Tombstones tombstones;
    private final Postings postings;
    private final long minTime;
    private final long maxTime;
    private final boolean trim;
    private final List<ChunkRefMeta> buf = new ArrayList<>();

    Labels labels;
    List<ChunkRefMeta> chunks;
    long[] dropped; // sorted inclusive intervals [a0, b0, a1, b1, …]

    SeriesCursor(IndexReader index, Tombstones tombstones, Postings postings, long minTime, long maxTime, boolean trim) {
        this.index = index;
        this.tombstones = tombstones;
        this.postings = postings;
        this.minTime = minTime;
        this.maxTime = maxTime;
        this.trim = trim;
    }

    boolean next() {
        try {
            while (postings.next()) {
                long id = postings.at();
                Labels l = index.series(id, buf);
                long[] deleted = tombstones.intervals(id);
                List<ChunkRefMeta> keep = new ArrayList<>(buf.size());
                boolean trimFront = false;
                boolean trimBack = false;
                for (ChunkRefMeta c : buf) {
                    if (c.maxTime() < minTime || c.minTime() > maxTime) {
                        continue;
                    }
                    if (coveredBy(Math.max(c.minTime(), minTime), Math.min(c.maxTime(), maxTime), deleted)) {
                        continue;
                    }
                    keep.add(c);
                    trimFront |= c.minTime() < minTime;
                    trimBack |= c.maxTime() > maxTime;
                }
                if (keep.isEmpty()) {
                    continue;
                }
                labels = l;
                chunks = keep;
                dropped = withTrim(deleted, trim && trimFront, trim && trimBack);
                return true;
            }
            return false;
        } catch (CorruptBlockException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean coveredBy(long a, long b, long[] iv) {
        for (int i = 0; i < iv.length; i += 2) {
            if (iv[i] <= a && b <= iv[i + 1]) {
                return true;
            }
        }
        return false;
    }

    private long[] withTrim(long[] deleted, boolean front, boolean back) {
        if (!front && !back) {
            return deleted;
        }
        List<Long> out = new ArrayList<>();
        if (front) {
            out.add(Long.MIN_VALUE);
            out.add(minTime - 1);
        }
        for (long v : deleted) {
            out.add(v);
        }
        if (back) {
            out.add(maxTime + 1);
            out.add(Long.MAX_VALUE);
        }
        long[] r = new long[out.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = out.get(i);
        }
        // keep sorted by start; overlapping intervals are harmless for membership tests
        for (int i = 2; i < r.length; i += 2) {
            for (int j = i; j >= 2 && r[j - 2] > r[j]; j -= 2) {
                long a = r[j], b = r[j + 1];
                r[j] = r[j - 2];
                r[j + 1] = r[j - 1];
                r[j - 2] = a;
                r[j - 1] = b;
            }
        }
        return r;
    }

    /** Whether {@code t} falls in one of the sorted intervals. */
    static boolean dropped(long[] iv, long t) {
        for (int i = 0; i < iv.length; i += 2) {
            if (t < iv[i]) {
                return false;
            }
            if (t <= iv[i + 1]) {
                return true;
            }
        }
        return false;
    }
}
