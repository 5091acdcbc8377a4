package io.jthanos.receive.shipper;

import io.jthanos.objstore.Bucket;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockMetaJson;
import io.jthanos.tsdb.block.Ulid;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads the completed blocks of one TSDB directory to a bucket (after Thanos's
 * {@code pkg/shipper/shipper.go}). Each {@link #sync()} looks at the blocks in the directory, oldest
 * first, and uploads those not uploaded yet with {@link BlockUpload}: blocks without samples are
 * skipped, and so are compacted blocks (level &gt; 1) unless {@code uploadCompacted}. A block whose
 * {@code meta.json} already exists in the bucket counts as uploaded. Uploaded blocks are recorded in
 * {@link ShipperState} ({@code thanos.shipper.json}) right after each upload, so a restart neither
 * uploads a block twice nor forgets one; a failed upload is retried by the next sync.
 *
 * <p>{@link #isUploaded} tells the TSDB's retention which blocks it may delete. Thread-safe; syncs run
 * one at a time.
 */
public final class Shipper {
    private static final Logger LOG = LoggerFactory.getLogger(Shipper.class);

    private final Path dir;
    private final Bucket bucket;
    private final Map<String, String> labels;
    private final String source;
    private final boolean uploadCompacted;
    private final ShipperMetrics metrics;
    private volatile Set<String> uploaded;

    /** The outcome of one sync. */
    public record SyncResult(int uploaded, int failed) {}

    /**
     * @param dir the TSDB directory holding {@code <ulid>/} blocks and {@code thanos.shipper.json}
     * @param labels external labels written into each block's Thanos section (non-empty)
     * @param source the Thanos {@code source}, e.g. {@code receive}
     * @throws IOException when an existing state file cannot be read
     */
    public Shipper(Path dir, Bucket bucket, Map<String, String> labels, String source, boolean uploadCompacted,
            ShipperMetrics metrics) throws IOException {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("the shipper needs non-empty external labels");
        }
        this.dir = dir;
        this.bucket = bucket;
        this.labels = Map.copyOf(labels);
        this.source = source;
        this.uploadCompacted = uploadCompacted;
        this.metrics = metrics;
        this.uploaded = Set.copyOf(ShipperState.read(dir).uploaded());
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
     * Uploads every local block not uploaded yet.
     *
     * @return how many were uploaded and how many failed (those are retried next time)
     * @throws IOException when the directory or the state file cannot be read or written
     */
    public synchronized SyncResult sync() throws IOException {
        metrics.dirSyncs.increment();
        try {
            return doSync();
        } catch (IOException | RuntimeException e) {
            metrics.dirSyncFailures.increment();
            throw e;
        }
    }

    private SyncResult doSync() throws IOException {
        Set<String> recorded = Set.copyOf(ShipperState.read(dir).uploaded());
        List<BlockMeta> local = localBlocks();
        // as Thanos, the state keeps only blocks still present locally
        LinkedHashSet<String> next = new LinkedHashSet<>();
        for (BlockMeta m : local) {
            if (recorded.contains(m.ulid())) {
                next.add(m.ulid());
            }
        }
        boolean changed = !next.equals(recorded);
        int ok = 0, failed = 0;
        for (BlockMeta m : local) {
            if (next.contains(m.ulid()) || m.stats().numSamples() == 0) {
                continue;
            }
            if (m.compaction().level() > 1 && !uploadCompacted) {
                continue;
            }
            try {
                if (bucket.exists(m.ulid() + "/" + BlockMetaJson.FILE_NAME)) {
                    LOG.atInfo().addKeyValue("block", m.ulid()).log("block already in the bucket; recording it as uploaded");
                } else {
                    BlockUpload.upload(bucket, dir.resolve(m.ulid()), BlockMeta.Thanos.of(labels, source));
                    metrics.uploaded(System.currentTimeMillis() / 1000);
                    ok++;
                    LOG.atInfo().addKeyValue("block", m.ulid()).addKeyValue("bucket", bucket.name()).log("upload new block");
                }
            } catch (IOException | RuntimeException e) {
                metrics.uploadFailures.increment();
                failed++;
                LOG.atError().setCause(e).addKeyValue("block", m.ulid()).log("shipping block failed; retrying at next sync");
                continue;
            }
            next.add(m.ulid());
            persist(next);
            changed = false;
        }
        if (changed) {
            persist(next);
        }
        return new SyncResult(ok, failed);
    }

    private void persist(LinkedHashSet<String> ids) throws IOException {
        new ShipperState(new ArrayList<>(ids)).write(dir);
        uploaded = Set.copyOf(ids);
    }

    /** Complete blocks (a {@code meta.json} present) in the directory, oldest first. */
    private List<BlockMeta> localBlocks() throws IOException {
        List<BlockMeta> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Ulid.isValid(p.getFileName().toString()) && Files.isRegularFile(p.resolve(BlockMetaJson.FILE_NAME))) {
                    try {
                        out.add(BlockMetaJson.read(p));
                    } catch (java.nio.file.NoSuchFileException e) {
                        // deleted by retention meanwhile
                    }
                }
            }
        }
        out.sort(Comparator.comparingLong(BlockMeta::minTime).thenComparing(BlockMeta::ulid));
        return out;
    }
}
