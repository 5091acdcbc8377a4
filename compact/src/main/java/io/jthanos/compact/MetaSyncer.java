package io.jthanos.compact;

import io.jthanos.objstore.BucketReader;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockMetaJson;
import io.jthanos.tsdb.block.Ulid;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the blocks of a bucket and reads their {@code meta.json} and markers: the compactor's own small
 * version of Thanos's meta fetcher with the filters the compactor installs ({@code cmd/thanos/compact.go}):
 * partial uploads are reported, not used; blocks younger than the consistency delay are held back
 * unless the compactor made them; blocks marked for deletion are left out; a selector (time range,
 * external labels) may drop more.
 */
public final class MetaSyncer {
    private static final Logger LOG = LoggerFactory.getLogger(MetaSyncer.class);
    private static final Set<String> NO_DELAY_SOURCES = Set.of("compactor", "compactor.repair", "bucket.repair");

    private final BucketReader bkt;
    private final Duration consistencyDelay;
    private final Predicate<BlockMeta> selector;
    private final int concurrency;
    private final Clock clock;
    /** Blocks whose unreadable meta.json has been logged: an iteration syncs several times, the log says it once. */
    private final Set<String> reportedUnreadable = ConcurrentHashMap.newKeySet();

    /**
     * @param selector keeps the blocks this compactor is responsible for ({@code --min-time},
     *     {@code --max-time}, {@code --selector.relabel-config})
     * @param concurrency how many blocks are read at once
     */
    public MetaSyncer(BucketReader bkt, Duration consistencyDelay, Predicate<BlockMeta> selector, int concurrency,
            Clock clock) {
        this.bkt = bkt;
        this.consistencyDelay = consistencyDelay;
        this.selector = selector;
        this.concurrency = Math.max(1, concurrency);
        this.clock = clock;
    }

    private record Found(String id, BlockMeta meta, DeletionMark deletion, NoCompactMark noCompact,
            boolean noDownsample) {}

    /** Reads the bucket's current state. */
    public SyncResult sync() throws IOException {
        List<String> ids = new ArrayList<>();
        for (String name : bkt.list("")) {
            String id = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
            if (name.endsWith("/") && Ulid.isValid(id)) {
                ids.add(id);
            }
        }
        List<Found> found = new ArrayList<>(ids.size());
        Semaphore permits = new Semaphore(concurrency);
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Found>> futures = new ArrayList<>(ids.size());
            for (String id : ids) {
                futures.add(ex.submit(() -> {
                    permits.acquire();
                    try {
                        return read(id);
                    } finally {
                        permits.release();
                    }
                }));
            }
            for (Future<Found> f : futures) {
                found.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("sync interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("sync metas: " + e.getCause(), e.getCause());
        }
        Map<String, BlockMeta> metas = new HashMap<>();
        Set<String> partial = new HashSet<>();
        Map<String, DeletionMark> deletions = new HashMap<>();
        Map<String, NoCompactMark> noCompact = new HashMap<>();
        Set<String> noDownsample = new HashSet<>();
        Set<String> tooFresh = new HashSet<>();
        long now = clock.millis();
        for (Found f : found) {
            if (f.meta() == null) {
                partial.add(f.id());
                if (f.deletion() != null) {
                    deletions.put(f.id(), f.deletion());
                }
                continue;
            }
            if (f.deletion() != null) {
                deletions.put(f.id(), f.deletion());
                continue;
            }
            BlockMeta m = f.meta();
            String source = m.thanos() == null ? "" : m.thanos().source();
            if (!NO_DELAY_SOURCES.contains(source)
                    && now - Ulid.parse(f.id()).timestamp() < consistencyDelay.toMillis()) {
                tooFresh.add(f.id());
                continue;
            }
            if (!selector.test(m)) {
                continue;
            }
            metas.put(f.id(), m);
            if (f.noCompact() != null) {
                noCompact.put(f.id(), f.noCompact());
            }
            if (f.noDownsample()) {
                noDownsample.add(f.id());
            }
        }
        return new SyncResult(metas, partial, deletions, noCompact, noDownsample, tooFresh);
    }

    /** A block without meta.json; a deletion mark on it means a deletion was interrupted. */
    private Found partial(String id, Set<String> files) throws IOException {
        DeletionMark del = null;
        if (files.contains(id + "/" + DeletionMark.FILE_NAME)) {
            try {
                del = Markers.readDeletionMark(bkt, id);
            } catch (IOException e) {
                if (bkt.isObjectNotFound(e)) {
                    throw e;
                }
                del = new DeletionMark(id, 1, "unreadable mark", 0);
            }
        }
        return new Found(id, null, del, null, false);
    }

    private Found read(String id) throws IOException {
        Set<String> files = new HashSet<>(bkt.list(id + "/"));
        String prefix = id + "/";
        if (!files.contains(prefix + BlockMetaJson.FILE_NAME)) {
            return partial(id, files);
        }
        byte[] json = Markers.readOrNull(bkt, prefix + BlockMetaJson.FILE_NAME);
        if (json == null) {
            return partial(id, files);
        }
        BlockMeta meta;
        try {
            meta = BlockMetaJson.parse(json, prefix + BlockMetaJson.FILE_NAME);
        } catch (IOException e) {
            // A meta.json that does not parse is treated like a missing one, as Thanos does.
            if (reportedUnreadable.add(id)) {
                LOG.atWarn().addKeyValue("block", id).addKeyValue("err", e.getMessage())
                        .log("unreadable meta.json; treating block as partial");
            }
            return partial(id, files);
        }
        reportedUnreadable.remove(id);
        if (meta.thanos() == null) {
            meta = meta.withThanos(BlockMeta.Thanos.of(Map.of(), "unknown"));
        }
        DeletionMark del = null;
        if (files.contains(prefix + DeletionMark.FILE_NAME)) {
            try {
                del = Markers.readDeletionMark(bkt, id);
            } catch (IOException e) {
                if (bkt.isObjectNotFound(e)) {
                    throw e;
                }
                // A partial mark still says the block is being deleted.
                LOG.atWarn().addKeyValue("block", id).addKeyValue("err", e.getMessage())
                        .log("unreadable deletion-mark.json");
                del = new DeletionMark(id, 1, "unreadable mark", clock.instant().getEpochSecond());
            }
        }
        NoCompactMark nc = null;
        if (files.contains(prefix + NoCompactMark.FILE_NAME)) {
            try {
                nc = Markers.readNoCompactMark(bkt, id);
            } catch (IOException e) {
                LOG.atWarn().addKeyValue("block", id).addKeyValue("err", e.getMessage())
                        .log("unreadable no-compact-mark.json; ignoring");
            }
        }
        boolean nd = files.contains(prefix + NoDownsampleMark.FILE_NAME);
        return new Found(id, meta, del, nc, nd);
    }
}
