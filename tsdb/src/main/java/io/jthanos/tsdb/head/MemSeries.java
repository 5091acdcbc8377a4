package io.jthanos.tsdb.head;

import io.jthanos.model.Labels;
import io.jthanos.storage.ChunkMeta;
import io.jthanos.tsdb.chunkenc.Encoding;
import io.jthanos.tsdb.chunkenc.XorAppender;
import io.jthanos.tsdb.chunkenc.XorChunk;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One series in the head (Prometheus's {@code memSeries}): its completed chunks as references into
 * {@link ChunkDiskMapper} files, and the open XOR chunk being appended to. Per series only primitives,
 * the labels and the open chunk live on the heap.
 *
 * <p>Chunk state is guarded by this object's monitor; {@link #walLogged} and {@link #deleted} by the
 * head's commit lock.
 */
final class MemSeries {
    static final int APPENDABLE = 0;
    static final int OUT_OF_ORDER = 1;
    static final int DUPLICATE = 2;
    static final int DUPLICATE_SAME = 3;

    private static final long[] NO_CHUNKS = new long[0];
    /** Room for one maximal sample below {@link XorChunk#MAX_BYTES_PER_CHUNK}, as Prometheus. */
    static final int MAX_BYTES_BEFORE_APPEND = XorChunk.MAX_BYTES_PER_CHUNK - 19;

    final long ref;
    final Labels labels;

    /** Completed chunks, four longs each: disk ref, min time, max time, byte length. */
    private long[] mapped = NO_CHUNKS;
    private int mappedCount;
    /** Appends to the open chunk ({@code appender.chunk()}); null when there is none. */
    private XorAppender appender;
    private long openMinTime;
    private long openMaxTime;
    private long nextAt;
    private long lastT = Long.MIN_VALUE;
    private double lastV;

    boolean walLogged;
    boolean deleted;

    MemSeries(long ref, Labels labels) {
        this.ref = ref;
        this.labels = labels;
    }

    /** Whether a sample can follow the last committed one; one of the constants above. */
    synchronized int appendable(long t, double v) {
        return check(lastT, lastV, t, v);
    }

    static int check(long lastT, double lastV, long t, double v) {
        if (t > lastT) {
            return APPENDABLE;
        }
        if (t < lastT) {
            return OUT_OF_ORDER;
        }
        return Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(lastV) ? DUPLICATE_SAME : DUPLICATE;
    }

    /**
     * Appends a sample that {@link #appendable} accepted, cutting chunks exactly where Prometheus's
     * head does ({@code head_append.go} {@code appendPreprocessor}, as {@link io.jthanos.tsdb.chunks.HeadChunker}):
     * when the chunk is beyond {@code 1024 - 19} bytes, at the end of the chunk range or at the end
     * time predicted once the chunk holds a quarter of {@code samplesPerChunk}, and at twice that many
     * samples.
     *
     * @return whether a new chunk was started
     */
    synchronized boolean append(long t, double v, long chunkRange, int samplesPerChunk, ChunkDiskMapper disk) throws IOException {
        boolean cut = false;
        if (appender == null) {
            cut(t, chunkRange);
            cut = true;
        } else if (appender.chunk().byteSize() > MAX_BYTES_BEFORE_APPEND) {
            mapOpenChunk(disk);
            cut(t, chunkRange);
            cut = true;
        }
        int n = appender.chunk().numSamples();
        if (n == samplesPerChunk / 4) {
            nextAt = computeChunkEndTime(openMinTime, openMaxTime, nextAt, 4);
        }
        if (n > 0 && (t >= nextAt || n >= samplesPerChunk * 2)) {
            mapOpenChunk(disk);
            cut(t, chunkRange);
            cut = true;
        }
        appender.append(t, v);
        if (n == 0) {
            openMinTime = t;
        }
        openMaxTime = t;
        lastT = t;
        lastV = v;
        return cut;
    }

    private void cut(long t, long chunkRange) {
        appender = new XorChunk().appender();
        openMinTime = t;
        openMaxTime = t;
        nextAt = rangeForTimestamp(t, chunkRange);
    }

    private void mapOpenChunk(ChunkDiskMapper disk) throws IOException {
        XorChunk open = appender.chunk();
        long diskRef = disk.write(ref, openMinTime, openMaxTime, Encoding.XOR, open.bytes());
        if ((mappedCount + 1) * 4 > mapped.length) {
            mapped = Arrays.copyOf(mapped, Math.max(8, mapped.length * 2));
        }
        int i = mappedCount * 4;
        mapped[i] = diskRef;
        mapped[i + 1] = openMinTime;
        mapped[i + 2] = openMaxTime;
        mapped[i + 3] = open.byteSize();
        mappedCount++;
        appender = null;
    }

    /** The end of the chunk range that {@code t} falls in (Go's truncating division, as Prometheus). */
    static long rangeForTimestamp(long t, long width) {
        return (t / width) * width + width;
    }

    /**
     * Prometheus's {@code computeChunkEndTime}: an end time that spreads the remaining samples of the
     * range evenly over chunks of the target size, given that the chunk reached 1/ratioToFull of it.
     */
    static long computeChunkEndTime(long start, long cur, long maxT, int ratioToFull) {
        double n = (double) (maxT - start) / ((double) (cur - start + 1) * ratioToFull);
        if (n <= 1) {
            return maxT;
        }
        return (long) (start + (maxT - start) / Math.floor(n));
    }

    /** The chunks overlapping {@code [minTime, maxTime]}, the open one copied, in time order. */
    synchronized List<ChunkMeta> chunks(long minTime, long maxTime, ChunkDiskMapper disk) {
        List<ChunkMeta> out = null;
        for (int i = 0; i < mappedCount * 4; i += 4) {
            if (mapped[i + 2] >= minTime && mapped[i + 1] <= maxTime) {
                if (out == null) {
                    out = new ArrayList<>(mappedCount + 1);
                }
                out.add(new ChunkMeta(mapped[i + 1], mapped[i + 2], XorChunk.wrap(disk.chunk(mapped[i], (int) mapped[i + 3]))));
            }
        }
        if (appender != null && openMaxTime >= minTime && openMinTime <= maxTime) {
            if (out == null) {
                out = new ArrayList<>(1);
            }
            out.add(new ChunkMeta(openMinTime, openMaxTime, XorChunk.wrap(appender.chunk().toByteArray())));
        }
        return out == null ? List.of() : out;
    }

    /** Drops chunks that end before {@code minTime}; returns whether no chunk is left. */
    synchronized boolean truncateBefore(long minTime) {
        int keepFrom = 0;
        while (keepFrom < mappedCount && mapped[keepFrom * 4 + 2] < minTime) {
            keepFrom++;
        }
        if (keepFrom > 0) {
            mappedCount -= keepFrom;
            mapped = mappedCount == 0 ? NO_CHUNKS : Arrays.copyOfRange(mapped, keepFrom * 4, (keepFrom + mappedCount) * 4);
        }
        if (appender != null && openMaxTime < minTime) {
            appender = null;
        }
        return mappedCount == 0 && appender == null;
    }

    synchronized boolean hasChunks() {
        return mappedCount > 0 || appender != null;
    }

    /** Timestamp of the first sample held, or {@link Long#MAX_VALUE}. */
    synchronized long minTime() {
        return mappedCount > 0 ? mapped[1] : appender != null ? openMinTime : Long.MAX_VALUE;
    }

    /** Number of chunks held (completed and open). */
    synchronized int chunkCount() {
        return mappedCount + (appender != null ? 1 : 0);
    }
}
