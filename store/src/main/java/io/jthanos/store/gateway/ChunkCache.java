package io.jthanos.store.gateway;

import io.jthanos.store.cache.RemoteCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cache of chunk segment bytes in fixed, aligned subranges (Thanos's caching bucket for chunks:
 * {@code chunk_subrange_size}, default 16000, and {@code max_chunks_get_range_requests}, default 3), kept in memory
 * (a byte-bounded LRU) or in a shared {@link RemoteCache}. A ranged read is cut into subranges; the cached ones are
 * copied, the missing ones are fetched in at most {@code maxGetRangeRequests} ranged reads (runs of missing
 * subranges; more runs are fetched as one read from the first to the last) and cached. Objects are immutable, so
 * entries never go stale; entries of dropped blocks age out.
 *
 * <p>In a remote cache a subrange's key is Thanos's, {@code subrange:<object>:<start>:<start + size>}, and its
 * value the object's bytes there, so store gateways of Thanos and jthanos can share a memcached. Thanos cuts the
 * end of an object's last subrange at the object's size, which we do not know in advance: that one subrange gets
 * a key of its own and is never shared.
 *
 * <p>Thread-safe. An in-memory cache of 0 bytes sends every read to the bucket.
 */
final class ChunkCache {
    static final int SUBRANGE = 16_000;
    static final int MAX_GET_RANGE_REQUESTS = 3;

    /** Reads {@code [off, off+len)} of an object, cut at its end. */
    @FunctionalInterface
    interface RangeReader {
        byte[] read(long off, long len) throws IOException;
    }

    /** Where subranges are kept. */
    interface Store {
        /** Subranges {@code first .. first + n - 1} of {@code object}, {@code null} where not cached. */
        byte[][] get(String object, long first, int n);

        void put(String object, long subrange, byte[] bytes);
    }

    private final Store store;
    private final boolean enabled;
    private final int subrangeSize;
    private final int maxGetRangeRequests;
    private final Counter requests;
    private final Counter hits;
    private final Counter requestedBytes;
    private final Counter fetchedBytes;

    /** In memory, at most {@code maxBytes}, with Thanos's default subranges. */
    ChunkCache(long maxBytes, MeterRegistry registry) {
        this(new InMemory(maxBytes), maxBytes > 0, SUBRANGE, MAX_GET_RANGE_REQUESTS, registry);
    }

    /** In {@code cache}, each subrange kept for {@code ttl}. */
    static ChunkCache remote(RemoteCache cache, Duration ttl, int subrangeSize, int maxGetRangeRequests,
            MeterRegistry registry) {
        return new ChunkCache(new Remote(cache, ttl, subrangeSize), true, subrangeSize, maxGetRangeRequests, registry);
    }

    /** In memory, at most {@code maxBytes}. */
    static ChunkCache inMemory(long maxBytes, int subrangeSize, int maxGetRangeRequests, MeterRegistry registry) {
        return new ChunkCache(new InMemory(maxBytes), maxBytes > 0, subrangeSize, maxGetRangeRequests, registry);
    }

    private ChunkCache(Store store, boolean enabled, int subrangeSize, int maxGetRangeRequests, MeterRegistry registry) {
        if (subrangeSize <= 0) {
            throw new IllegalArgumentException("chunk subrange size must be positive, got " + subrangeSize);
        }
        this.store = store;
        this.enabled = enabled;
        this.subrangeSize = subrangeSize;
        this.maxGetRangeRequests = maxGetRangeRequests;
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
        if (store instanceof InMemory m) {
            Gauge.builder("jthanos_store_chunk_cache_size_bytes", m, InMemory::sizeBytes)
                    .description("Current byte size of subranges in the chunk cache.").register(registry);
        }
    }

    boolean enabled() {
        return enabled;
    }

    /** {@code [off, off+len)} of {@code object}, cut at its end, from the cache where possible, else via {@code reader}. */
    byte[] read(String object, long off, long len, RangeReader reader) throws IOException {
        if (len <= 0) {
            return new byte[0];
        }
        return assemble(subranges(object, off, len, reader), off / subrangeSize, off, len);
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
        long first = off / subrangeSize;
        long last = (off + len - 1) / subrangeSize;
        int n = (int) (last - first + 1);
        byte[][] parts = store.get(object, first, n);
        List<long[]> runs = missingRuns(parts, first);
        if (runs.isEmpty()) {
            hits.increment();
        } else {
            if (maxGetRangeRequests > 0 && runs.size() > maxGetRangeRequests) {
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
        byte[] buf = reader.read(from * subrangeSize, (to - from + 1) * subrangeSize);
        fetchedBytes.increment(buf.length);
        for (long s = from; s <= to; s++) {
            int at = (int) ((s - from) * subrangeSize);
            if (at >= buf.length && s > from) {
                break; // past the object's end
            }
            byte[] sub = Arrays.copyOfRange(buf, Math.min(at, buf.length), Math.min(at + subrangeSize, buf.length));
            parts[(int) (s - first)] = sub;
            store.put(object, s, sub);
        }
    }

    /** Copies {@code [off, off+len)} out of the subranges, stopping at a short (last) subrange. */
    private byte[] assemble(byte[][] parts, long first, long off, long len) {
        byte[] out = new byte[(int) len];
        int filled = 0;
        long pos = off;
        while (filled < len) {
            byte[] sub = parts[(int) (pos / subrangeSize - first)];
            if (sub == null) {
                break; // past the object's end
            }
            int in = (int) (pos % subrangeSize);
            int take = (int) Math.min(sub.length - in, len - filled);
            if (take <= 0) {
                break;
            }
            System.arraycopy(sub, in, out, filled, take);
            filled += take;
            pos += take;
            if (sub.length < subrangeSize) {
                break;
            }
        }
        return filled == len ? out : Arrays.copyOf(out, filled);
    }

    long sizeBytes() {
        return store instanceof InMemory m ? m.sizeBytes() : 0;
    }

    /** A byte-bounded LRU of subranges in this process. */
    private static final class InMemory implements Store {
        private record Key(String object, long subrange) {}

        private final long maxBytes;
        private final LinkedHashMap<Key, byte[]> items = new LinkedHashMap<>(1024, 0.75f, true);
        private long bytes;

        InMemory(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public synchronized byte[][] get(String object, long first, int n) {
            byte[][] parts = new byte[n][];
            for (int i = 0; i < n; i++) {
                parts[i] = items.get(new Key(object, first + i));
            }
            return parts;
        }

        @Override
        public synchronized void put(String object, long subrange, byte[] sub) {
            Key k = new Key(object, subrange);
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

    /** Subranges in a shared cache under Thanos's keys. */
    private record Remote(RemoteCache cache, Duration ttl, int subrangeSize) implements Store {
        @Override
        public byte[][] get(String object, long first, int n) {
            List<String> keys = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                keys.add(key(object, first + i));
            }
            Map<String, byte[]> found = cache.getMulti(keys);
            byte[][] parts = new byte[n][];
            for (int i = 0; i < n; i++) {
                byte[] v = found.get(keys.get(i));
                parts[i] = v != null && v.length <= subrangeSize ? v : null;
            }
            return parts;
        }

        @Override
        public void put(String object, long subrange, byte[] bytes) {
            cache.setAsync(key(object, subrange), bytes, ttl);
        }

        String key(String object, long subrange) {
            long start = subrange * subrangeSize;
            return "subrange:" + object + ":" + start + ":" + (start + subrangeSize);
        }
    }
}
