package io.jthanos.tsdb.chunks;

import io.jthanos.storage.ChunkMeta;
import io.jthanos.tsdb.chunkenc.XorAppender;
import io.jthanos.tsdb.chunkenc.XorChunk;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts one series' float samples into XOR chunks exactly where Prometheus's head does
 * ({@code memSeries.appendPreprocessor} in {@code tsdb/head_append.go}), so blocks built from the same
 * samples get the same chunks as a Prometheus head or {@code promtool tsdb create-blocks-from} would
 * produce:
 * <ul>
 *   <li>a new chunk when the current one exceeds {@code 1024 - 19} bytes (room for a maximal sample);</li>
 *   <li>at most until {@code nextAt}: initially the end of the chunk range the chunk starts in, and once
 *       the chunk holds a quarter of {@code samplesPerChunk}, an estimate that spreads the remaining
 *       samples of that range evenly ({@code computeChunkEndTime});</li>
 *   <li>at the latest after {@code 2 × samplesPerChunk} samples.</li>
 * </ul>
 */
public final class HeadChunker {
    /** Prometheus's {@code DefaultSamplesPerChunk}. */
    public static final int DEFAULT_SAMPLES_PER_CHUNK = 120;
    static final int MAX_BYTES_BEFORE_APPEND = XorChunk.MAX_BYTES_PER_CHUNK - 19;

    private final long chunkRange;
    private final int samplesPerChunk;
    private final List<ChunkMeta> done = new ArrayList<>();
    private XorChunk cur;
    private XorAppender app;
    private long minT;
    private long maxT = Long.MIN_VALUE;
    private long nextAt;
    private long lastBits;

    public HeadChunker(long chunkRange) {
        this(chunkRange, DEFAULT_SAMPLES_PER_CHUNK);
    }

    public HeadChunker(long chunkRange, int samplesPerChunk) {
        this.chunkRange = chunkRange;
        this.samplesPerChunk = samplesPerChunk;
    }

    /** What {@link #append} did with a sample. */
    public enum Result { APPENDED, DUPLICATE, OUT_OF_ORDER, DUPLICATE_TIMESTAMP }

    /**
     * Appends a sample. As the head does, a sample equal (timestamp and value bits) to the last one is
     * ignored, an older one is out of order and one at the last timestamp with another value is a
     * duplicate-timestamp error; the latter two are not appended.
     */
    public Result append(long t, double v) {
        long bits = Double.doubleToRawLongBits(v);
        if (cur != null) {
            if (t == maxT) {
                return bits == lastBits ? Result.DUPLICATE : Result.DUPLICATE_TIMESTAMP;
            }
            if (t < maxT) {
                return Result.OUT_OF_ORDER;
            }
        }
        boolean created = false;
        if (cur == null) {
            cut(t);
            created = true;
        }
        if (!created && cur.byteSize() > MAX_BYTES_BEFORE_APPEND) {
            cut(t);
        }
        int n = cur.numSamples();
        if (n == 0) {
            minT = t;
            nextAt = rangeForTimestamp(minT, chunkRange);
        }
        if (n == samplesPerChunk / 4) {
            nextAt = computeChunkEndTime(minT, maxT, nextAt, 4);
        }
        if (t >= nextAt || n >= samplesPerChunk * 2) {
            cut(t);
        }
        app.append(t, v);
        maxT = t;
        lastBits = bits;
        return Result.APPENDED;
    }

    private void cut(long t) {
        if (cur != null && cur.numSamples() > 0) {
            done.add(new ChunkMeta(minT, maxT, cur));
        }
        cur = new XorChunk();
        app = cur.appender();
        minT = t;
        nextAt = rangeForTimestamp(t, chunkRange);
    }

    /** The chunks so far, including the open one; the chunker must not be used afterwards. */
    public List<ChunkMeta> finish() {
        if (cur != null && cur.numSamples() > 0) {
            done.add(new ChunkMeta(minT, maxT, cur));
            cur = null;
        }
        return done;
    }

    static long rangeForTimestamp(long t, long width) {
        return (t / width) * width + width;
    }

    static long computeChunkEndTime(long start, long cur, long max, double ratioToFull) {
        double n = (double) (max - start) / ((double) (cur - start + 1) * ratioToFull);
        if (n <= 1) {
            return max;
        }
        return (long) ((double) start + (double) (max - start) / Math.floor(n));
    }
}
