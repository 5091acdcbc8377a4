package io.jthanos.store.gateway;

import io.jthanos.store.Aggregation;
import io.jthanos.store.StoreChunk;
import io.jthanos.tsdb.chunkenc.Encoding;
import io.jthanos.tsdb.encoding.CorruptBlockException;
import io.jthanos.tsdb.encoding.Crc32c;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the chunks of a batch of one block's series from its segment files with few ranged reads: references
 * are sorted, each chunk's extent is estimated ({@link BucketBlock#maxChunkSize()}, bounded by the next wanted
 * chunk and the segment's size) and the extents merged by {@link Partitioner}. A chunk larger than its estimate is
 * read again exactly. Every read's bytes are reserved in the {@link ChunkPool} first. Reads go through the block's
 * {@link ChunkCache} when there is one.
 *
 * <p>A chunk in a segment: {@code len uvarint | encoding (1B) | data (len B) | CRC32C of encoding and data (4B)}.
 * Chunk bytes handed out are views into the read buffers, not copies.
 */
final class ChunkLoader {
    private ChunkLoader() {}

    static long load(BucketBlock block, List<SeriesEntry> entries, ChunkPool pool, List<Aggregation> aggregates,
            QueryStats stats) throws IOException {
        int total = 0;
        for (SeriesEntry e : entries) {
            total += e.chunkCount();
            e.chunks = new StoreChunk[e.chunkCount()];
        }
        long[] keys = new long[total];
        SeriesEntry[] owner = new SeriesEntry[total];
        int[] slot = new int[total];
        Integer[] order = new Integer[total];
        int n = 0;
        for (SeriesEntry e : entries) {
            for (int k = 0; k < e.chunkCount(); k++) {
                keys[n] = e.refs[k];
                owner[n] = e;
                slot[n] = k;
                order[n] = n;
                n++;
            }
        }
        Arrays.sort(order, (a, b) -> Long.compareUnsigned(keys[a], keys[b]));
        stats.chunksTouched.addAndGet(total);
        long reserved = 0;
        try {
            int i = 0;
            while (i < total) {
                long segment = keys[order[i]] >>> 32;
                int j = i;
                while (j < total && keys[order[j]] >>> 32 == segment) {
                    j++;
                }
                reserved += loadSegment(block, segment, order, i, j, keys, owner, slot, pool, aggregates, stats);
                i = j;
            }
            return reserved;
        } catch (IOException | RuntimeException e) {
            pool.release(reserved);
            throw e;
        }
    }

    private static long loadSegment(BucketBlock block, long segment, Integer[] order, int from, int to, long[] keys,
            SeriesEntry[] owner, int[] slot, ChunkPool pool, List<Aggregation> aggregates, QueryStats stats)
            throws IOException {
        String segmentName = String.format("chunks/%06d", segment + 1);
        String file = block.id() + "/" + segmentName;
        long segmentSize = block.segmentSize(segmentName);
        int n = to - from;
        long[] starts = new long[n];
        long[] ends = new long[n];
        for (int i = 0; i < n; i++) {
            starts[i] = keys[order[from + i]] & 0xFFFFFFFFL;
            long estimate = starts[i] + block.maxChunkSize();
            ends[i] = segmentSize > starts[i] ? Math.min(estimate, segmentSize) : estimate;
            if (i > 0 && starts[i] > starts[i - 1]) {
                ends[i - 1] = Math.min(ends[i - 1], starts[i]);
            }
        }
        long reserved = 0;
        try {
            for (Partitioner.Part part : Partitioner.partition(starts, ends, n, Partitioner.DEFAULT_MAX_GAP)) {
                // With a chunk cache the part is read into the cache once and each chunk is copied out on its own,
                // so a few chunks spread over a large part do not copy the whole part on every query.
                boolean cached = block.cachesChunks();
                byte[] buf = null;
                if (cached) {
                    block.prefetchChunks(file, part.start(), part.length(), stats);
                } else {
                    pool.reserve(part.length());
                    reserved += part.length();
                    buf = block.readChunks(file, part.start(), part.length(), stats);
                    stats.chunksFetchedBytes.addAndGet(buf.length);
                }
                for (int i = part.from(); i < part.to(); i++) {
                    int idx = order[from + i];
                    SeriesEntry e = owner[idx];
                    int k = slot[idx];
                    StoreChunk c;
                    if (cached) {
                        long len = ends[i] - starts[i];
                        pool.reserve(len);
                        reserved += len;
                        byte[] own = block.readChunks(file, starts[i], len, stats);
                        stats.chunksFetchedBytes.addAndGet(own.length);
                        c = chunk(own, 0, file, starts[i], e.minTimes[k], e.maxTimes[k], aggregates);
                    } else {
                        c = chunk(buf, (int) (starts[i] - part.start()), file, starts[i], e.minTimes[k], e.maxTimes[k],
                                aggregates);
                    }
                    if (c == null) {
                        stats.chunkRefetches.incrementAndGet();
                        long len = Uvarint.read(block.readChunks(file, starts[i], Uvarint.MAX_LEN, stats), 0);
                        if (len < 0) {
                            throw new CorruptBlockException(file, starts[i], "truncated chunk length");
                        }
                        long size = Uvarint.size(len) + 1 + len + 4;
                        pool.reserve(size);
                        reserved += size;
                        byte[] exact = block.readChunks(file, starts[i], size, stats);
                        stats.chunksFetchedBytes.addAndGet(exact.length);
                        c = chunk(exact, 0, file, starts[i], e.minTimes[k], e.maxTimes[k], aggregates);
                        if (c == null) {
                            throw new CorruptBlockException(file, starts[i], "chunk of " + len + " bytes beyond the end of the segment");
                        }
                    }
                    stats.chunksFetched.incrementAndGet();
                    stats.chunksTouchedBytes.addAndGet(c.data().byteSize());
                    e.chunks[k] = c;
                }
            }
        } catch (IOException | RuntimeException e) {
            pool.release(reserved);
            throw e;
        }
        return reserved;
    }

    /** The chunk at {@code off} of {@code buf}, or null when {@code buf} ends before it does. */
    private static StoreChunk chunk(byte[] buf, int off, String file, long fileOff, long minT, long maxT,
            List<Aggregation> aggregates) throws CorruptBlockException {
        long len = Uvarint.read(buf, off);
        if (len == Uvarint.OVERFLOW) {
            throw new CorruptBlockException(file, fileOff, "chunk length overflows");
        }
        if (len < 0) {
            return null;
        }
        int p = off + Uvarint.size(len);
        if (p + 1 + len + 4 > buf.length) {
            return null;
        }
        int enc = buf[p] & 0xFF;
        int dataAt = p + 1;
        int want = BucketBlock.be32(buf, (int) (dataAt + len));
        int got = Crc32c.of(buf, p, (int) len + 1);
        if (want != got) {
            throw new CorruptBlockException(file, fileOff, String.format("chunk checksum mismatch: stored %08x, computed %08x", want, got));
        }
        Encoding e = Encoding.fromCode(enc);
        if (e != Encoding.XOR && e != Encoding.HISTOGRAM && e != Encoding.FLOAT_HISTOGRAM && e != Encoding.AGGR) {
            throw new CorruptBlockException(file, fileOff, "chunk encoding " + enc + " cannot be served over the StoreAPI");
        }
        MemorySegment data = MemorySegment.ofArray(buf).asSlice(dataAt, len);
        if (e == Encoding.AGGR) {
            data = AggrChunks.select(data, aggregates, file, fileOff);
        }
        return new StoreChunk(minT, maxT, e, data);
    }
}
