package io.jthanos.store.shipper;

import io.jthanos.model.Labels;
import io.jthanos.objstore.Bucket;
import io.jthanos.tsdb.block.Block;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockMetaJson;
import io.jthanos.tsdb.block.Ulid;
import io.jthanos.tsdb.fileutil.FileTrees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships the completed blocks of a TSDB directory to a bucket, after Thanos's {@code pkg/shipper}:
 * each {@link #sync()} walks the blocks oldest first and uploads every one not shipped yet, except
 * empty blocks and compacted ones (level &gt; 1) unless {@link Options#uploadCompacted}. A block counts
 * as shipped when it is listed in {@link ShipperState thanos.shipper.json} or its {@code meta.json} is
 * already in the bucket, so a restart neither uploads twice nor forgets a block. The state is rewritten
 * after every upload and at the end of each sync, keeping only blocks still present locally; an
 * unreadable state file is, as in Thanos, replaced (the bucket still knows what was uploaded).
 *
 * <p>An upload hard-links the block's files into {@code <dir>/thanos/upload/<ulid>/} (so retention
 * deleting the block meanwhile does no harm), writes there a {@code meta.json} with the Thanos
 * section (the block's own labels overridden by the external labels, {@code source},
 * {@code segment_files}) and hands the copy to {@link BlockUpload}. A failed upload is retried by the
 * next sync; unless {@link Options#allowOutOfOrderUpload}, the sync stops at it so that blocks reach
 * the bucket in time order.
 *
 * <p>{@link #isUploaded} tells the TSDB's retention which blocks it may delete. Thread-safe; syncs run
 * one at a time.
 */
public final class Shipper {
    /** Thanos's {@code metadata.ReceiveSource}. */
    public static final String RECEIVE_SOURCE = "receive";
    /** Thanos's {@code metadata.RulerSource}. */
    public static final String RULER_SOURCE = "ruler";
    private static final Logger LOG = LoggerFactory.getLogger(Shipper.class);

    private final Path dir;
    private final Bucket bucket;
    private final Map<String, String> labels;
    private final String source;
    private final Options options;
    private final ShipperMetrics metrics;
    private volatile Set<String> uploaded;

    /**
     * How the shipper treats compacted blocks and failures.
     *
     * @param uploadCompacted whether blocks of compaction level &gt; 1 are shipped too
     * @param allowOutOfOrderUpload whether a failed upload lets later blocks be uploaded in the same sync
     */
    public record Options(boolean uploadCompacted, boolean allowOutOfOrderUpload) {
        /** Thanos's defaults: level-1 blocks only, in time order. */
        public static final Options DEFAULTS = new Options(false, false);
    }

    /** The outcome of one sync: blocks uploaded, and the blocks whose upload failed (retried next sync). */
    public record SyncResult(int uploaded, List<String> failed) {
        public SyncResult {
            failed = List.copyOf(failed);
        }
    }

    /**
     * @param dir the TSDB directory ({@code <ulid>/} blocks, {@code thanos.shipper.json})
     * @param labels the external labels to give every block; as in Thanos, uploads fail without any
     * @param source Thanos's {@code source}, e.g. {@link #RULER_SOURCE}
     */
    public Shipper(Path dir, Bucket bucket, Labels labels, String source, Options options, ShipperMetrics metrics) {
        this.dir = dir;
        this.bucket = bucket;
        this.labels = new TreeMap<>(labels.toMap());
        this.source = source;
        this.options = options;
        this.metrics = metrics;
        this.uploaded = Set.copyOf(readState());
    }

    /** Whether the block has been uploaded (and recorded in the state file). */
    public boolean isUploaded(String ulid) {
        return uploaded.contains(ulid);
    }

    /** The uploaded blocks as recorded. */
    public Set<String> uploaded() {
        return uploaded;
    }

    /**
     * Uploads the blocks not shipped yet. A sync with a failed upload counts as a failed dir sync.
     *
     * @throws IOException when the directory cannot be listed, the state file cannot be written or the
     *     bucket cannot be asked whether a block exists (failed uploads are reported in the result, not thrown)
     */
    public synchronized SyncResult sync() throws IOException {
        metrics.dirSyncs.increment();
        try {
            SyncResult r = doSync();
            if (!r.failed().isEmpty()) {
                metrics.dirSyncFailures.increment();
            }
            return r;
        } catch (IOException | RuntimeException e) {
            metrics.dirSyncFailures.increment();
            throw e;
        }
    }

    private List<String> readState() {
        try {
            return ShipperState.read(dir).uploaded();
        } catch (IOException e) {
            // as Thanos: the bucket still knows what was uploaded, and the file is rewritten by the next sync
            LOG.atWarn().addKeyValue("err", e.getMessage()).log("reading shipper state failed; starting from an empty one");
            return List.of();
        }
    }

    private SyncResult doSync() throws IOException {
        Set<String> recorded = new HashSet<>(readState());
        List<String> shipped = new ArrayList<>();
        int ok = 0;
        List<String> failed = new ArrayList<>();
        for (BlockMeta m : localBlocks()) {
            if (recorded.contains(m.ulid())) {
                shipped.add(m.ulid());
                continue;
            }
            if (!failed.isEmpty() && !options.allowOutOfOrderUpload()) {
                continue;
            }
            if (m.stats().numSamples() == 0 || (m.compaction().level() > 1 && !options.uploadCompacted())) {
                continue;
            }
            if (bucket.exists(m.ulid() + "/" + BlockMetaJson.FILE_NAME)) {
                LOG.atInfo().addKeyValue("block", m.ulid()).log("block already in the bucket; recording it as uploaded");
                shipped.add(m.ulid());
                continue;
            }
            try {
                upload(m);
            } catch (IOException | RuntimeException e) {
                metrics.uploadFailures.increment();
                failed.add(m.ulid());
                LOG.atError().setCause(e).addKeyValue("block", m.ulid()).log("shipping failed; retrying at the next sync");
                continue;
            }
            ok++;
            metrics.uploaded(System.currentTimeMillis() / 1000);
            shipped.add(m.ulid());
            persist(shipped);
            LOG.atInfo().addKeyValue("block", m.ulid()).addKeyValue("bucket", bucket.name()).log("upload new block");
        }
        persist(shipped);
        return new SyncResult(ok, failed);
    }

    private void persist(List<String> ids) throws IOException {
        new ShipperState(ids).write(dir);
        uploaded = Set.copyOf(ids);
    }

    private void upload(BlockMeta local) throws IOException {
        Path staging = dir.resolve("thanos").resolve("upload").resolve(local.ulid());
        FileTrees.delete(staging);
        Files.createDirectories(staging.resolve(Block.CHUNKS_DIR));
        try {
            Path block = dir.resolve(local.ulid());
            List<String> segments = new ArrayList<>();
            for (Path c : BlockUpload.chunkFiles(block)) {
                link(c, staging.resolve(Block.CHUNKS_DIR).resolve(c.getFileName()));
                segments.add(c.getFileName().toString());
            }
            link(block.resolve(Block.INDEX_FILE), staging.resolve(Block.INDEX_FILE));
            BlockMeta.Thanos t = local.thanos() == null ? BlockMeta.Thanos.of(Map.of(), source) : local.thanos();
            Map<String, String> merged = new TreeMap<>(t.labels());
            merged.putAll(labels);
            BlockMeta.Thanos section = new BlockMeta.Thanos(t.version() == 0 ? 1 : t.version(), merged,
                    t.downsampleResolution(), source, segments, List.of(), t.indexStats(), null, t.rewrites(),
                    t.extensions(), t.unknown());
            BlockMetaJson.write(staging, local.withThanos(section));
            BlockUpload.upload(bucket, staging);
        } finally {
            FileTrees.delete(staging);
        }
    }

    private static void link(Path existing, Path link) throws IOException {
        try {
            Files.createLink(link, existing);
        } catch (UnsupportedOperationException e) {
            Files.copy(existing, link);
        }
    }

    /** Complete blocks ({@code <ulid>/meta.json} present) in the directory, oldest first. */
    private List<BlockMeta> localBlocks() throws IOException {
        List<BlockMeta> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Ulid.isValid(p.getFileName().toString()) && Files.isRegularFile(p.resolve(BlockMetaJson.FILE_NAME))) {
                    try {
                        out.add(BlockMetaJson.read(p));
                    } catch (NoSuchFileException e) {
                        // deleted by retention meanwhile
                    }
                }
            }
        }
        out.sort(Comparator.comparingLong(BlockMeta::minTime).thenComparing(BlockMeta::ulid));
        return out;
    }
}
