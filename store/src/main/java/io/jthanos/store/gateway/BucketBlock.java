package io.jthanos.store.gateway;

import io.jthanos.model.Labels;
import io.jthanos.model.MatchType;
import io.jthanos.model.Matcher;
import io.jthanos.objstore.BucketReader;
import io.jthanos.store.Aggregation;
import io.jthanos.store.gateway.indexheader.IndexHeaderReader;
import io.jthanos.store.gateway.indexheader.LazyIndexHeader;
import io.jthanos.store.gateway.indexheader.PostingsRange;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.encoding.CorruptBlockException;
import io.jthanos.tsdb.encoding.Decbuf;
import io.jthanos.tsdb.fileutil.FileTrees;
import io.jthanos.tsdb.index.Postings;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One block of the bucket as the store gateway serves it (Thanos's {@code bucketBlock}): its meta, its lazily
 * mapped index-header, and ranged reads of the index (postings lists, series entries) and of the chunk
 * segments, all through the {@link IndexCache}.
 *
 * <p>Reads are few and large: the ranges a request needs are sorted and merged with {@link Partitioner} when
 * the gaps between them are small. Series entries and chunks are read with an estimated size
 * ({@code index_stats} from {@code meta.json}, else Thanos's defaults 64 KiB and 16000 bytes), bounded by the
 * next wanted item; an item that turns out larger is read again exactly.
 *
 * <p>Reference counted: the store holds one reference while the block is loaded and every request holds one
 * while it reads; the index-header is unmapped and the local files removed when the last one is released, so
 * dropping a block never disturbs a request in flight.
 */
public final class BucketBlock {
    static final long DEFAULT_MAX_SERIES_SIZE = 64 * 1024;
    static final long DEFAULT_MAX_CHUNK_SIZE = 16_000;
    /** The resource name of a series entry's copy while it is decoded; offsets are then relative to the entry. */
    private static final String SERIES_ENTRY = "series entry";

    private final BlockMeta meta;
    private final String id;
    private final BucketReader bucket;
    private final Labels externalLabels;
    private final LazyIndexHeader header;
    private final IndexCache cache;
    private final ChunkCache chunkCache;
    private final Path dir;
    private final long maxSeriesSize;
    private final long maxChunkSize;
    private final AtomicInteger refs = new AtomicInteger(1);
    private final Map<String, Long> fileSizes = new HashMap<>();

    /**
     * @param dir this block's directory under {@code --data-dir}, removed when the block is closed; may be null
     */
    public BucketBlock(BlockMeta meta, BucketReader bucket, LazyIndexHeader header, IndexCache cache, Path dir) {
        this(meta, bucket, header, cache, null, dir);
    }

    /** @param chunkCache caches chunk segment subranges across requests, or {@code null} for none */
    BucketBlock(BlockMeta meta, BucketReader bucket, LazyIndexHeader header, IndexCache cache, ChunkCache chunkCache,
            Path dir) {
        this.chunkCache = chunkCache;
        this.meta = meta;
        this.id = meta.ulid();
        this.bucket = bucket;
        this.header = header;
        this.cache = cache;
        this.dir = dir;
        this.externalLabels = meta.thanos() == null ? Labels.empty() : Labels.fromMap(meta.thanos().labels());
        BlockMeta.IndexStats st = meta.thanos() == null ? null : meta.thanos().indexStats();
        this.maxSeriesSize = st != null && st.seriesMaxSize() > 0 ? st.seriesMaxSize() : DEFAULT_MAX_SERIES_SIZE;
        this.maxChunkSize = st != null && st.chunkMaxSize() > 0 ? st.chunkMaxSize() : DEFAULT_MAX_CHUNK_SIZE;
        if (meta.thanos() != null) {
            for (BlockMeta.File f : meta.thanos().files()) {
                fileSizes.put(f.relPath(), f.sizeBytes());
            }
        }
    }

    public String id() {
        return id;
    }

    public BlockMeta meta() {
        return meta;
    }

    public Labels externalLabels() {
        return externalLabels;
    }

    /** Downsampling resolution in milliseconds, 0 for raw data. */
    public long resolution() {
        return meta.thanos() == null ? 0 : meta.thanos().downsampleResolution();
    }

    /** Whether the block holds samples in {@code [minTime, maxTime]} (the block's own maxTime is exclusive). */
    public boolean overlaps(long minTime, long maxTime) {
        return meta.minTime() <= maxTime && meta.maxTime() > minTime;
    }

    public LazyIndexHeader indexHeader() {
        return header;
    }

    /** Takes a reference for a request; {@code false} once the block has been closed. */
    public boolean tryAcquire() {
        while (true) {
            int n = refs.get();
            if (n <= 0) {
                return false;
            }
            if (refs.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Drops a reference; the last one closes the block. */
    public void release() {
        if (refs.decrementAndGet() == 0) {
            header.close();
            if (dir != null) {
                deleteQuietly(dir);
            }
        }
    }

    /** Whether the block has been closed. */
    public boolean isClosed() {
        return refs.get() <= 0;
    }

    // ---- labels

    /** Label names of the block's series (from the index-header). */
    public List<String> labelNames() throws IOException {
        IndexHeaderReader h = header.acquire();
        try {
            return h.labelNames();
        } finally {
            header.release();
        }
    }

    /** Values of {@code name} (from the index-header). */
    public List<String> labelValues(String name) throws IOException {
        IndexHeaderReader h = header.acquire();
        try {
            return h.labelValues(name);
        } finally {
            header.release();
        }
    }

    // ---- series

    /**
     * The series matching all {@code matchers} (Prometheus semantics: a missing label equals {@code ""}) that have
     * chunks overlapping {@code [minTime, maxTime]}, in index order, with only those chunks' references.
     */
    List<SeriesEntry> select(List<Matcher> matchers, long minTime, long maxTime, QueryStats stats) throws IOException {
        IndexHeaderReader h = header.acquire();
        try {
            long[] ids = postings(h, matchers, stats);
            return series(h, ids, minTime, maxTime, stats);
        } finally {
            header.release();
        }
    }

    private record Group(String name, List<PostingsRange> ranges, boolean subtract) {}

    private long[] postings(IndexHeaderReader h, List<Matcher> matchers, QueryStats stats) throws IOException {
        List<Group> groups = new ArrayList<>();
        boolean anyPositive = false;
        for (Matcher m : matchers) {
            List<PostingsRange> ranges = new ArrayList<>();
            if (m.name().isEmpty()) {
                if (m.matchesEmpty()) {
                    continue;
                }
                return new long[0];
            }
            if (m.matchesEmpty()) {
                if (m.type() == MatchType.NOT_EQUAL) {
                    PostingsRange r = h.postingsRange(m.name(), m.value());
                    if (r != null) {
                        ranges.add(r);
                    }
                } else {
                    h.postingsRanges(m.name(), v -> !m.matches(v), ranges);
                }
                if (!ranges.isEmpty()) {
                    groups.add(new Group(m.name(), ranges, true));
                }
            } else {
                Set<String> set = m.setMatches();
                if (set != null) {
                    for (String v : set) {
                        PostingsRange r = h.postingsRange(m.name(), v);
                        if (r != null) {
                            ranges.add(r);
                        }
                    }
                } else {
                    h.postingsRanges(m.name(), m::matches, ranges);
                }
                if (ranges.isEmpty()) {
                    return new long[0];
                }
                groups.add(new Group(m.name(), ranges, false));
                anyPositive = true;
            }
        }
        if (!anyPositive) {
            PostingsRange all = h.allPostingsRange();
            if (all == null) {
                return new long[0];
            }
            groups.add(0, new Group("", List.of(all), false));
        }
        Map<String, long[]> lists = fetchPostings(groups, stats);
        List<Postings> positive = new ArrayList<>();
        List<Postings> negative = new ArrayList<>();
        for (Group g : groups) {
            List<Postings> union = new ArrayList<>(g.ranges.size());
            for (PostingsRange r : g.ranges) {
                union.add(Postings.of(lists.get(key(g.name, r))));
            }
            (g.subtract ? negative : positive).add(Postings.merge(union));
        }
        Postings p = Postings.intersect(positive);
        for (Postings n : negative) {
            p = Postings.without(p, n);
        }
        return Postings.expand(p);
    }

    private static String key(String name, PostingsRange r) {
        return name + '\u0000' + r.value();
    }

    /** Postings lists by range start: from the cache, else read in merged ranges. */
    private Map<String, long[]> fetchPostings(List<Group> groups, QueryStats stats) throws IOException {
        Map<String, long[]> out = new HashMap<>();
        Map<String, PostingsRange> missing = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        List<String> keys = new ArrayList<>();
        List<String> keyNames = new ArrayList<>();
        List<String> keyValues = new ArrayList<>();
        List<PostingsRange> keyRanges = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Group g : groups) {
            for (PostingsRange r : g.ranges) {
                String k = key(g.name, r);
                if (seen.add(k)) {
                    keys.add(k);
                    keyNames.add(g.name);
                    keyValues.add(r.value());
                    keyRanges.add(r);
                }
            }
        }
        byte[][] cached = cache.fetchPostings(id, keyNames, keyValues);
        stats.postingsTouched.addAndGet(keys.size());
        for (int i = 0; i < cached.length; i++) {
            String k = keys.get(i);
            if (cached[i] != null) {
                stats.postingsTouchedBytes.addAndGet(cached[i].length);
                out.put(k, decodeIds(cached[i], 0, cached[i].length / 4));
            } else {
                missing.put(k, keyRanges.get(i));
                names.put(k, keyNames.get(i));
            }
        }
        if (missing.isEmpty()) {
            return out;
        }
        String[] ks = missing.keySet().toArray(new String[0]);
        Arrays.sort(ks, Comparator.comparingLong(k -> missing.get(k).start()));
        PostingsRange[] rs = new PostingsRange[ks.length];
        for (int i = 0; i < ks.length; i++) {
            rs[i] = missing.get(ks[i]);
        }
        long[] starts = new long[rs.length];
        long[] ends = new long[rs.length];
        for (int i = 0; i < rs.length; i++) {
            starts[i] = rs[i].start();
            ends[i] = rs[i].end();
        }
        String index = id + "/index";
        for (Partitioner.Part part : Partitioner.partition(starts, ends, rs.length, Partitioner.DEFAULT_MAX_GAP)) {
            byte[] buf = read(index, part.start(), part.length(), stats);
            stats.postingsFetchedBytes.addAndGet(buf.length);
            for (int i = part.from(); i < part.to(); i++) {
                int off = (int) (rs[i].start() - part.start());
                if (off + 4 > buf.length) {
                    throw new CorruptBlockException(index, rs[i].start(), "postings list beyond the end of the index");
                }
                int n = be32(buf, off);
                if (n < 0 || off + 4 + 4L * n > buf.length) {
                    throw new CorruptBlockException(index, rs[i].start(), "postings list of " + n + " entries exceeds its range");
                }
                byte[] raw = Arrays.copyOfRange(buf, off + 4, off + 4 + 4 * n);
                String k = ks[i];
                cache.storePostings(id, names.get(k), rs[i].value(), raw);
                stats.postingsFetched.incrementAndGet();
                stats.postingsTouchedBytes.addAndGet(raw.length);
                out.put(k, decodeIds(raw, 0, n));
            }
        }
        return out;
    }

    private static long[] decodeIds(byte[] b, int off, int n) {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = Integer.toUnsignedLong(be32(b, off + 4 * i));
        }
        return ids;
    }

    static int be32(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    private List<SeriesEntry> series(IndexHeaderReader h, long[] ids, long minTime, long maxTime, QueryStats stats)
            throws IOException {
        byte[][] raw = cache.fetchSeries(id, ids);
        int[] missing = new int[ids.length];
        int nMissing = 0;
        for (int i = 0; i < ids.length; i++) {
            if (raw[i] == null) {
                missing[nMissing++] = i;
            }
        }
        stats.seriesTouched.addAndGet(ids.length);
        if (nMissing > 0) {
            long[] starts = new long[nMissing];
            long[] ends = new long[nMissing];
            for (int j = 0; j < nMissing; j++) {
                starts[j] = ids[missing[j]] * 16;
                ends[j] = starts[j] + maxSeriesSize;
                if (j > 0) {
                    ends[j - 1] = Math.min(ends[j - 1], starts[j]);
                }
            }
            String index = id + "/index";
            for (Partitioner.Part part : Partitioner.partition(starts, ends, nMissing, Partitioner.DEFAULT_MAX_GAP)) {
                byte[] buf = read(index, part.start(), part.length(), stats);
                stats.seriesFetchedBytes.addAndGet(buf.length);
                for (int j = part.from(); j < part.to(); j++) {
                    int i = missing[j];
                    byte[] entry = entry(buf, (int) (starts[j] - part.start()));
                    if (entry == null) {
                        stats.seriesRefetches.incrementAndGet();
                        entry = refetchEntry(index, starts[j], stats);
                    }
                    raw[i] = entry;
                    stats.seriesFetched.incrementAndGet();
                    cache.storeSeries(id, ids[i], entry);
                }
            }
        }
        List<SeriesEntry> out = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            stats.seriesTouchedBytes.addAndGet(raw[i].length);
            SeriesEntry e = decode(h, raw[i], ids[i], minTime, maxTime);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    /** The whole series entry (uvarint length, content, CRC) at {@code off} of {@code buf}, or null if cut off. */
    private static byte[] entry(byte[] buf, int off) {
        long len = Uvarint.read(buf, off);
        if (len < 0) {
            return null;
        }
        long end = off + Uvarint.size(len) + len + 4;
        return end <= buf.length ? Arrays.copyOfRange(buf, off, (int) end) : null;
    }

    private byte[] refetchEntry(String index, long start, QueryStats stats) throws IOException {
        byte[] head = read(index, start, Uvarint.MAX_LEN, stats);
        long len = Uvarint.read(head, 0);
        if (len < 0) {
            throw new CorruptBlockException(index, start, "truncated series entry length");
        }
        byte[] full = read(index, start, Uvarint.size(len) + len + 4, stats);
        stats.seriesFetchedBytes.addAndGet(full.length + head.length);
        byte[] e = entry(full, 0);
        if (e == null) {
            throw new CorruptBlockException(index, start, "series entry of " + len + " bytes beyond the end of the index");
        }
        return e;
    }

    /**
     * Decodes series entry {@code seriesId} (the reference is the entry's offset in the index divided by 16) from
     * its copy {@code raw}; a corruption names the index and the offset in it.
     */
    private SeriesEntry decode(IndexHeaderReader h, byte[] raw, long seriesId, long minTime, long maxTime)
            throws CorruptBlockException {
        try {
            return decodeEntry(h, raw, minTime, maxTime);
        } catch (CorruptBlockException e) {
            if (!e.resource().equals(SERIES_ENTRY)) {
                throw e;
            }
            throw new CorruptBlockException(id + "/index", seriesId * 16 + e.offset(),
                    "series " + seriesId + ": " + e.detail(), e);
        }
    }

    private SeriesEntry decodeEntry(IndexHeaderReader h, byte[] raw, long minTime, long maxTime)
            throws CorruptBlockException {
        Decbuf d = Decbuf.atUvarintPrefixed(MemorySegment.ofArray(raw), SERIES_ENTRY, 0);
        int k = d.uvarintInt();
        if (k > d.remaining() / 2) {
            throw d.corrupt("series with " + k + " labels in " + d.remaining() + " bytes");
        }
        String[] pairs = new String[2 * k];
        for (int i = 0; i < k; i++) {
            pairs[2 * i] = h.lookupSymbol(d.uvarint32());
            pairs[2 * i + 1] = h.lookupSymbol(d.uvarint32());
        }
        int c = d.uvarintInt();
        if (c > d.remaining() / 3) {
            throw d.corrupt("series with " + c + " chunks in " + d.remaining() + " bytes");
        }
        long[] refs = new long[c];
        long[] mins = new long[c];
        long[] maxs = new long[c];
        int n = 0;
        long t0 = 0;
        long ref = 0;
        for (int i = 0; i < c; i++) {
            long minT;
            if (i == 0) {
                minT = d.varint();
            } else {
                minT = d.uvarint() + t0;
            }
            long maxT = d.uvarint() + minT;
            ref = i == 0 ? d.uvarint() : ref + d.varint();
            t0 = maxT;
            if (maxT >= minTime && minT <= maxTime) {
                refs[n] = ref;
                mins[n] = minT;
                maxs[n] = maxT;
                n++;
            }
        }
        if (n == 0) {
            return null;
        }
        return new SeriesEntry(Labels.fromSortedPairs(pairs), this, Arrays.copyOf(refs, n), Arrays.copyOf(mins, n),
                Arrays.copyOf(maxs, n));
    }

    // ---- chunks

    /**
     * Reads the chunks of {@code entries} (all of this block) into their {@link SeriesEntry#chunks}, reserving the
     * bytes read from {@code pool}. Aggregate chunks keep only {@code aggregates} (all when empty).
     *
     * @return the bytes reserved, to release once the chunks have been sent
     */
    long loadChunks(List<SeriesEntry> entries, ChunkPool pool, List<Aggregation> aggregates, QueryStats stats)
            throws IOException {
        return ChunkLoader.load(this, entries, pool, aggregates, stats);
    }

    /** Size of {@code chunks/NNNNNN} from {@code meta.json}, or {@code Long.MAX_VALUE} when not listed. */
    long segmentSize(String segmentName) {
        return fileSizes.getOrDefault(segmentName, Long.MAX_VALUE);
    }

    /** Upper estimate of one chunk's size on disk ({@code index_stats.chunk_max_size} or 16000). */
    long maxChunkSize() {
        return maxChunkSize;
    }

    /** Whether chunk segment reads go through a chunk cache. */
    boolean cachesChunks() {
        return chunkCache != null && chunkCache.enabled();
    }

    /** Brings {@code [off, off+len)} of a chunk segment into the chunk cache (see {@link #cachesChunks()}). */
    void prefetchChunks(String name, long off, long len, QueryStats stats) throws IOException {
        chunkCache.prefetch(name, off, len, (o, l) -> read(name, o, l, stats));
    }

    /** As {@link #read}, for chunk segments: through the chunk cache when there is one. */
    byte[] readChunks(String name, long off, long len, QueryStats stats) throws IOException {
        if (!cachesChunks()) {
            return read(name, off, len, stats);
        }
        return chunkCache.read(name, off, len, (o, l) -> read(name, o, l, stats));
    }

    byte[] read(String name, long off, long len, QueryStats stats) throws IOException {
        stats.getRangeRequests.incrementAndGet();
        byte[] b;
        try (InputStream in = bucket.getRange(name, off, len)) {
            b = in.readAllBytes();
        }
        stats.downloaded(name.substring(name.indexOf('/') + 1), b.length);
        return b;
    }

    private static void deleteQuietly(Path p) {
        try {
            FileTrees.removeAll(p);
        } catch (IOException e) {
            // a leftover index-header is rebuilt or reused next time
        }
    }

    @Override
    public String toString() {
        return id;
    }
}
