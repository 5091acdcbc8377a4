package io.jthanos.store.gateway.fetch;

import io.jthanos.objstore.BucketReader;
import io.jthanos.objstore.IterOption;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockMetaJson;
import io.jthanos.tsdb.block.Ulid;
import io.jthanos.tsdb.encoding.CorruptBlockException;
import io.jthanos.tsdb.fileutil.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Lists the blocks of a bucket and reads their {@code meta.json}s (Thanos's {@code block.MetaFetcher}), then
 * applies {@link MetaFilter}s in order. Independent of the StoreAPI, for the store gateway and the compactor.
 *
 * <p>A directory named by a ULID with a {@code meta.json} is a block, one without is a partial upload. Discovery
 * ({@code --block-discovery-strategy}) is either {@link Discovery#CONCURRENT}: list the top-level directories,
 * then list each directory (one request per block, telling whether {@code meta.json} and marker files exist);
 * or {@link Discovery#RECURSIVE}: one recursive listing of the whole bucket (a request per 1,000 objects), which
 * costs far fewer requests but lists every chunk file. Then the {@code meta.json} of each block not seen before
 * is read. Filters get the listing ({@link BlockListing}) so marker files are read only where they exist. Metas are immutable, so each is read from the bucket once: parsed
 * metas stay in memory and, with a cache directory, on local disk under {@code <cacheDir>/<ULID>/meta.json}
 * (Thanos keeps them in {@code <data-dir>/meta-syncer}), which survives restarts. Cache entries of blocks no
 * longer in the bucket are removed. Reads run concurrently on the given executor
 * ({@code --block-meta-fetch-concurrency} threads).
 *
 * <p>Thread-safe; concurrent {@link #fetch()} calls are serialised.
 */
public final class BlockMetaFetcher {
    /** How blocks are discovered. */
    public enum Discovery {
        CONCURRENT,
        RECURSIVE
    }

    private final BucketReader bucket;
    private final Discovery discovery;
    private final Path cacheDir;
    private final ExecutorService executor;
    private final List<MetaFilter> filters;
    private final Map<String, BlockMeta> cached = new ConcurrentHashMap<>();

    /**
     * @param cacheDir directory of the local meta cache, or {@code null} for memory only
     * @param executor runs the meta reads
     * @param filters applied in order after every fetch
     */
    public BlockMetaFetcher(BucketReader bucket, Path cacheDir, ExecutorService executor, List<MetaFilter> filters) {
        this(bucket, cacheDir, executor, filters, Discovery.CONCURRENT);
    }

    public BlockMetaFetcher(BucketReader bucket, Path cacheDir, ExecutorService executor, List<MetaFilter> filters,
            Discovery discovery) {
        this.discovery = discovery;
        this.bucket = bucket;
        this.cacheDir = cacheDir;
        this.executor = executor;
        this.filters = List.copyOf(filters);
    }

    /** Lists the bucket, reads new metas and filters them. */
    public synchronized FetchResult fetch() throws IOException {
        Set<String> withMeta = ConcurrentHashMap.newKeySet();
        Set<String> dirs = new TreeSet<>();
        Map<String, Set<String>> files = new ConcurrentHashMap<>();
        Map<String, String> corrupted = new ConcurrentHashMap<>();
        if (discovery == Discovery.RECURSIVE) {
            bucket.iter("", name -> {
                int slash = name.indexOf('/');
                if (slash > 0 && Ulid.isValid(name.substring(0, slash))) {
                    String id = name.substring(0, slash);
                    dirs.add(id);
                    String file = name.substring(slash + 1);
                    if (file.indexOf('/') < 0) {
                        files.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(file);
                    }
                }
            }, IterOption.RECURSIVE);
        } else {
            bucket.iter("", name -> {
                if (name.endsWith("/") && Ulid.isValid(name.substring(0, name.length() - 1))) {
                    dirs.add(name.substring(0, name.length() - 1));
                }
            });
            // One listing per block tells both whether meta.json exists and which marker files exist, where
            // Thanos sends a HEAD for meta.json and its deletion-mark filter a GET for deletion-mark.json.
            List<Future<?>> futures = new ArrayList<>();
            for (String id : dirs) {
                futures.add(executor.submit(() -> {
                    Set<String> f = ConcurrentHashMap.newKeySet();
                    bucket.iter(id + "/", name -> {
                        if (!name.endsWith("/")) {
                            f.add(name.substring(name.lastIndexOf('/') + 1));
                        }
                    });
                    files.put(id, f);
                    return null;
                }));
            }
            await(futures);
        }
        List<Future<?>> futures = new ArrayList<>();
        for (var e : files.entrySet()) {
            String id = e.getKey();
            if (!e.getValue().contains(BlockMetaJson.FILE_NAME)) {
                continue;
            }
            withMeta.add(id);
            if (cached.containsKey(id)) {
                continue;
            }
            futures.add(executor.submit(() -> {
                try {
                    cached.put(id, load(id));
                } catch (CorruptBlockException ex) {
                    corrupted.put(id, ex.getMessage());
                } catch (IOException ex) {
                    // deleted between the listing and the read: gone at the next listing
                    if (!bucket.isObjectNotFound(ex)) {
                        throw ex;
                    }
                    withMeta.remove(id);
                }
                return null;
            }));
        }
        await(futures);
        Set<String> partial = new TreeSet<>(dirs);
        partial.removeAll(withMeta);
        SyncedCounts synced = new SyncedCounts();
        cached.keySet().retainAll(withMeta);
        pruneDiskCache(withMeta);

        SortedMap<String, BlockMeta> metas = new TreeMap<>();
        for (String id : withMeta) {
            BlockMeta m = cached.get(id);
            if (m != null) {
                metas.put(id, m);
            }
        }
        synced.add(SyncedCounts.NO_META, partial.size());
        synced.add(SyncedCounts.CORRUPTED, corrupted.size());
        BlockListing listing = new BlockListing(Map.copyOf(files));
        for (MetaFilter f : filters) {
            f.filter(metas, synced, listing);
        }
        synced.add(SyncedCounts.LOADED, metas.size());
        return new FetchResult(metas, partial, Map.copyOf(corrupted), synced);
    }

    private BlockMeta load(String id) throws IOException {
        BlockMeta m = fromDisk(id);
        return m != null ? m : fromBucket(id);
    }

    /** The meta from the local cache, or null when absent or unreadable (then it is read from the bucket again). */
    private BlockMeta fromDisk(String id) {
        if (cacheDir == null) {
            return null;
        }
        Path local = cacheDir.resolve(id).resolve(BlockMetaJson.FILE_NAME);
        if (!Files.exists(local)) {
            return null;
        }
        try {
            BlockMeta m = BlockMetaJson.parse(Files.readAllBytes(local), local.toString());
            return m.ulid().equals(id) ? m : null;
        } catch (IOException e) {
            return null;
        }
    }

    private BlockMeta fromBucket(String id) throws IOException {
        String name = id + "/" + BlockMetaJson.FILE_NAME;
        byte[] json;
        try (InputStream in = bucket.get(name)) {
            json = in.readAllBytes();
        }
        BlockMeta m = BlockMetaJson.parse(json, name);
        if (!m.ulid().equals(id)) {
            throw new CorruptBlockException(name, 0, "meta.json names block " + m.ulid() + ", expected " + id);
        }
        if (cacheDir != null) {
            Path local = cacheDir.resolve(id).resolve(BlockMetaJson.FILE_NAME);
            Files.createDirectories(local.getParent());
            Path tmp = local.resolveSibling(BlockMetaJson.FILE_NAME + ".tmp");
            Files.write(tmp, json);
            Files.move(tmp, local, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        return m;
    }

    private void pruneDiskCache(Set<String> keep) throws IOException {
        if (cacheDir == null || !Files.isDirectory(cacheDir)) {
            return;
        }
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> s = Files.list(cacheDir)) {
            s.filter(p -> Ulid.isValid(p.getFileName().toString()) && !keep.contains(p.getFileName().toString()))
                    .forEach(stale::add);
        }
        for (Path p : stale) {
            FileTrees.removeAll(p);
        }
    }

    static void await(List<Future<?>> futures) throws IOException {
        IOException first = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(x -> x.cancel(true));
                throw new IOException("interrupted while fetching metas", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                IOException io = c instanceof IOException i ? i : new IOException(c.getMessage(), c);
                if (first == null) {
                    first = io;
                } else {
                    first.addSuppressed(io);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
