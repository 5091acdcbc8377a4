package io.jthanos.store.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * An in-memory, byte-bounded LRU cache of chunk segment bytes in fixed subranges (Thanos's caching bucket for
 * chunks, {@code chunk_subrange_size: 16000}, {@code max_chunks_get_range_requests: 3}, with the in-memory
 * backend). A ranged read is cut into aligned subranges; the cached ones are copied, the missing ones are fetched
 * in at most {@value #MAX_GET_RANGE_REQUESTS} ranged reads (runs of missing subranges; more runs are fetched as one
 * read from the first to the last) and cached. Objects are immutable, so entries never go stale; entries of
 * dropped blocks age out.
 *
 * <p>Thread-safe. With {@code maxBytes == 0} every read goes to the bucket.
 */
final class ChunkCache {
    static final int SUBRANGE = 16_000;
    static final int MAX_GET_RANGE_REQUESTS = 3;

    /** Reads {@code [off, off+len)} of an object, cut at its end. */
    @FunctionalInterface
    interface RangeReader {
        byte[] read(long off, long len) throws IOException;
    }

    private record Key(String object, long subrange) {}

    private final long maxBytes;
    private final LinkedHashMap<Key, byte[]> items = new LinkedHashMap<>(1024, 0.75f, true);
    private long bytes;
    private final Counter requests;
    private final Counter hits;
    private final Counter requestedBytes;
    private final Counter fetchedBytes;

    ChunkCache(long maxBytes, MeterRegistry registry) {
        this.maxBytes = maxBytes;
        requests = Counter.builder("thanos_store_bucket_cache_operation_requests").tag("operation", "get_range")
                .tag("config", "chunks").description("Number of requested operations matching given config.")
                .register(registry);
        hits = Counter.builder("thanos_store_bucket_cache_operation_hits").tag("operation", "get_range")
                .tag("config", "chunks").description("Number of operations served from cache for given config.")
                .register(registry);
        requestedBytes = Counter.builder("thanos_store_bucket_cache_getrange_requested_bytes").tag("config", "chunks")
                .description("Total number of bytes requested via GetRange.").register(registry);
        fetchedBytes = Counter.builder("thanos_store_bucket_cache_getrange_fetched_bytes").tag("config", "chunks")
                .description("Total number of bytes fetched because of GetRange operation. Data from bucket is then stored to cache.")
                .register(registry);
        Gauge.builder("jthanos_store_chunk_cache_size_bytes", this, ChunkCache::sizeBytes)
                .description("Current byte size of subranges in the chunk cache.").register(registry);
    }

    boolean enabled() {
        return maxBytes > 0;
    }

    /** {@code [off, off+len)} of {@code object}, cut at its end, from the cache where possible, else via {@code reader}. */
    byte[] read(String object, long off, long len, RangeReader reader) throws IOException {
        if (len <= 0) {
            return new byte[0];
        }
        return assemble(subranges(object, off, len, reader), off / SUBRANGE, off, len);
    }

    /** Makes sure the subranges of {@code [off, off+len)} are cached, reading the missing ones. */
    void prefetch(String object, long off, long len, RangeReader reader) throws IOException {
        if (len > 0) {
            subranges(object, off, len, reader);
        }
    }

    private byte[][] subranges(String object, long off, long len, RangeReader reader) throws IOException {
        requests.increment();
        requestedBytes.increment(len);
        long first = off / SUBRANGE;
        long last = (off + len - 1) / SUBRANGE;
        int n = (int) (last - first + 1);
        byte[][] parts = new byte[n][];
        synchronized (this) {
            for (int i = 0; i < n; i++) {
                parts[i] = items.get(new Key(object, first + i));
            }
        }
        List<long[]> runs = missingRuns(parts, first);
        if (runs.isEmpty()) {
            hits.increment();
        } else {
            if (runs.size() > MAX_GET_RANGE_REQUESTS) {
                runs = List.of(new long[] {runs.get(0)[0], runs.get(runs.size() - 1)[1]});
            }
            for (long[] run : runs) {
                fetch(object, run[0], run[1], first, parts, reader);
            }
        }
        return parts;
    }

    /** Runs {@code [from, to]} of consecutive missing subranges. */
    private static List<long[]> missingRuns(byte[][] parts, long first) {
        List<long[]> runs = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] != null) {
                continue;
            }
            int j = i;
            while (j + 1 < parts.length && parts[j + 1] == null) {
                j++;
            }
            runs.add(new long[] {first + i, first + j});
            i = j;
        }
        return runs;
    }

    private void fetch(String object, long from, long to, long first, byte[][] parts, RangeReader reader)
            throws IOException {
        byte[] buf = reader.read(from * SUBRANGE, (to - from + 1) * SUBRANGE);
        fetchedBytes.increment(buf.length);
        for (long s = from; s <= to; s++) {
            int at = (int) ((s - from) * SUBRANGE);
            if (at >= buf.length && s > from) {
                break; // past the object's end
            }
            byte[] sub = java.util.Arrays.copyOfRange(buf, Math.min(at, buf.length), Math.min(at + SUBRANGE, buf.length));
            parts[(int) (s - first)] = sub;
            put(new Key(object, s), sub);
        }
    }

    /** Copies {@code [off, off+len)} out of the subranges, stopping at a short (last) subrange. */
    private static byte[] assemble(byte[][] parts, long first, long off, long len) {
        byte[] out = new byte[(int) len];
        int filled = 0;
        long pos = off;
        while (filled < len) {
            byte[] sub = parts[(int) (pos / SUBRANGE - first)];
            if (sub == null) {
                break; // past the object's end
            }
            int in = (int) (pos % SUBRANGE);
            int take = (int) Math.min(sub.length - in, len - filled);
            if (take <= 0) {
                break;
            }
            System.arraycopy(sub, in, out, filled, take);
            filled += take;
            pos += take;
            if (sub.length < SUBRANGE) {
                break;
            }
        }
        return filled == len ? out : java.util.Arrays.copyOf(out, filled);
    }

    private synchronized void put(Key k, byte[] sub) {
        long size = entrySize(k, sub);
        if (size > maxBytes) {
            return;
        }
        byte[] old = items.put(k, sub);
        if (old != null) {
            bytes -= entrySize(k, old);
        }
        bytes += size;
        var it = items.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            var e = it.next();
            bytes -= entrySize(e.getKey(), e.getValue());
            it.remove();
        }
    }

    private static long entrySize(Key k, byte[] v) {
        return v.length + 64 + 2L * k.object().length();
    }

    synchronized long sizeBytes() {
        return bytes;
    }
}
