package io.jthanos.compact;

import io.jthanos.compact.merge.VerticalChunkMerger;
import io.jthanos.objstore.Bucket;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.encoding.CorruptBlockException;
import io.jthanos.tsdb.fileutil.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one compaction of one group (Thanos's {@code Group.compact}): overlap check, plan, download,
 * merge, upload, then deletion marks on the sources. Where Thanos halts the whole compactor on
 * overlapping blocks, this returns {@link GroupOutcome.Kind#STUCK} with a message naming the blocks and
 * the fix, and the caller carries on with the other groups.
 *
 * <p>A corrupt source block is {@link GroupOutcome.Kind#CRITICAL}: retrying cannot help, so the compactor halts
 * or fails as {@code --debug.halt-on-error} says, as Thanos does for blocks with an unhealthy index.
 *
 * <p>Crash safety comes from the order of bucket writes: the new block becomes visible only with its
 * {@code meta.json}, uploaded last; sources are marked only after that; a run interrupted between the
 * two leaves sources whose data the new block holds, which {@link DuplicateFinder} marks next time.
 */
public final class GroupCompactor {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCompactor.class);

    private final Bucket bkt;
    private final CompactorConfig cfg;
    private final LeveledPlanner planner;
    private final BlockCompactor compactor;
    private final CompactMetrics metrics;
    private final Clock clock;

    public GroupCompactor(Bucket bkt, CompactorConfig cfg, CompactMetrics metrics, Clock clock) {
        this.bkt = bkt;
        this.cfg = cfg;
        this.planner = new LeveledPlanner(cfg.ranges());
        this.compactor = new BlockCompactor(new VerticalChunkMerger(cfg.dedupFunc()));
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The blocks the planner would compact next in {@code group}, ignoring overlap rules. */
    public List<BlockMeta> plan(CompactionGroup group, Set<String> noCompact) {
        return planner.plan(group.metasByMinTime(), noCompact);
    }

    /**
     * Compacts {@code group} once.
     *
     * @param noCompact ULIDs carrying a no-compact mark
     * @param workDir a directory of this group's own for downloads and the new block
     */
    public GroupOutcome compact(CompactionGroup group, Set<String> noCompact, Path workDir) {
        long res = group.resolution();
        metrics.groupRunsStarted(res).increment();
        List<BlockMeta> candidates = new ArrayList<>();
        for (BlockMeta m : group.metasByMinTime()) {
            if (!noCompact.contains(m.ulid())) {
                candidates.add(m);
            }
        }
        List<List<BlockMeta>> overlaps = Overlaps.find(candidates);
        if (!overlaps.isEmpty() && !cfg.verticalCompaction()) {
            return stuck(group, "pre compaction overlap check: overlaps found while gathering blocks: "
                    + Overlaps.describe(overlaps));
        }
        List<BlockMeta> plan = planner.plan(group.metasByMinTime(), noCompact);
        if (plan.isEmpty()) {
            metrics.groupRunsCompleted(res).increment();
            return new GroupOutcome(group.key(), GroupOutcome.Kind.NOTHING, "nothing to compact", null);
        }
        if (res != 0 && !Overlaps.find(plan).isEmpty()) {
            // Aggregate chunks cannot be merged vertically (Thanos issue 6775): mark them, as Thanos does.
            try {
                for (BlockMeta m : plan) {
                    if (Markers.markForNoCompact(bkt, m.ulid(), "downsample-vertical-compaction",
                            "verticalCompactionDownsampleFilter: Downsampled block, see https://github.com/thanos-io/thanos/issues/6775",
                            clock)) {
                        metrics.blocksMarked(NoCompactMark.FILE_NAME, "downsample-vertical-compaction").increment();
                    }
                }
            } catch (IOException e) {
                metrics.groupFailures(res).increment();
                return new GroupOutcome(group.key(), GroupOutcome.Kind.FAILED, "mark no-compact " + ids(plan) + ": " + e, null);
            }
            metrics.groupRunsCompleted(res).increment();
            return new GroupOutcome(group.key(), GroupOutcome.Kind.EMPTY,
                    "overlapping downsampled blocks marked no-compact", null);
        }
        Set<String> seen = new HashSet<>();
        for (BlockMeta m : plan) {
            for (String s : m.compaction().sources()) {
                if (!seen.add(s) && !cfg.verticalCompaction()) {
                    return stuck(group, "overlapping sources detected for plan " + ids(plan) + ": source " + s
                            + " is in more than one block");
                }
            }
        }
        LOG.atInfo().addKeyValue("group", group.key()).addKeyValue("plan", ids(plan))
                .log("compaction available and planned");
        try {
            FileTrees.removeAll(workDir);
            Files.createDirectories(workDir);
            List<Path> dirs = new ArrayList<>(plan.size());
            List<Parallel.IoTask> downloads = new ArrayList<>(plan.size());
            for (BlockMeta m : plan) {
                Path d = workDir.resolve(m.ulid());
                downloads.add(() -> BucketBlocks.download(bkt, m.ulid(), d, cfg.blockFilesConcurrency()));
                dirs.add(d);
            }
            Parallel.run(downloads, cfg.blocksFetchConcurrency());
            BlockMeta.Thanos thanos = new BlockMeta.Thanos(1, group.labels(), res, "compactor", List.of(), List.of(),
                    null, null, null, null, null);
            Optional<BlockMeta> out = compactor.compact(dirs, workDir.resolve("out"), thanos);
            if (out.isEmpty()) {
                for (BlockMeta m : plan) {
                    if (m.stats().numSamples() == 0) {
                        markDeleted(m.ulid(), "source of compacted block");
                    }
                }
                metrics.groupRunsCompleted(res).increment();
                return new GroupOutcome(group.key(), GroupOutcome.Kind.EMPTY, "planned blocks hold no series", null);
            }
            BlockMeta meta = out.get();
            if (!cfg.verticalCompaction()) {
                List<BlockMeta> after = new ArrayList<>();
                for (BlockMeta m : candidates) {
                    if (!plan.contains(m)) {
                        after.add(m);
                    }
                }
                after.add(meta);
                after.sort(CompactionGroup.BY_MIN_TIME);
                List<List<BlockMeta>> o = Overlaps.find(after);
                if (!o.isEmpty()) {
                    return stuck(group, "resulted compacted block " + meta.ulid() + " overlaps with something: "
                            + Overlaps.describe(o));
                }
            }
            BucketBlocks.upload(bkt, workDir.resolve("out").resolve(meta.ulid()), clock, cfg.blockFilesConcurrency());
            LOG.atInfo().addKeyValue("group", group.key()).addKeyValue("result_block", meta.ulid())
                    .addKeyValue("sources", ids(plan)).log("uploaded block");
            for (BlockMeta m : plan) {
                markDeleted(m.ulid(), "source of compacted block");
                metrics.garbageCollectedBlocks().increment();
            }
            metrics.groupCompactions(res).increment();
            if (!Overlaps.find(plan).isEmpty()) {
                metrics.verticalCompactions(res).increment();
            }
            metrics.groupRunsCompleted(res).increment();
            FileTrees.removeAll(workDir);
            return new GroupOutcome(group.key(), GroupOutcome.Kind.COMPACTED,
                    "compacted " + ids(plan) + " into " + meta.ulid(), meta.ulid());
        } catch (IOException | RuntimeException e) {
            metrics.groupFailures(res).increment();
            CorruptBlockException corrupt = corruption(e);
            if (corrupt != null) {
                String msg = "compact blocks " + ids(plan) + " of group " + group.key() + ": corrupt source block: "
                        + corrupt.getMessage() + ". Fix: inspect it with 'thanos tools bucket verify', then exclude it with"
                        + " 'thanos tools bucket mark --marker=no-compact-mark.json --id=<ULID>' or delete it";
                LOG.atError().addKeyValue("group", group.key()).addKeyValue("err", msg).log("critical compaction error");
                return new GroupOutcome(group.key(), GroupOutcome.Kind.CRITICAL, msg, null);
            }
            // an I/O error's message says what failed; anything else is a bug, which its class names
            String err = e instanceof IOException && e.getMessage() != null ? e.getMessage() : e.toString();
            LOG.atError().addKeyValue("group", group.key()).addKeyValue("plan", ids(plan))
                    .addKeyValue("err", err).log("group compaction failed; retrying in the next iteration");
            return new GroupOutcome(group.key(), GroupOutcome.Kind.FAILED,
                    "compact blocks " + ids(plan) + ": " + err, null);
        }
    }

    /** The corruption behind {@code e}, if a source block's data is corrupt, else {@code null}. */
    private static CorruptBlockException corruption(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CorruptBlockException c) {
                return c;
            }
        }
        return null;
    }

    private void markDeleted(String id, String details) throws IOException {
        if (Markers.markForDeletion(bkt, id, details, clock)) {
            metrics.blocksMarked(DeletionMark.FILE_NAME, "").increment();
        }
    }

    private GroupOutcome stuck(CompactionGroup group, String problem) {
        String msg = "group " + group.key() + " skipped: " + problem + ". Fix: if these are replicas or"
                + " out-of-order uploads, run with --compact.enable-vertical-compaction (and"
                + " --deduplication.replica-label=<label> for replicas); if one block is a stray duplicate, mark it with"
                + " 'thanos tools bucket mark --marker=no-compact-mark.json --id=<ULID>' or"
                + " '--marker=deletion-mark.json'. Other groups keep compacting.";
        metrics.groupFailures(group.resolution()).increment();
        LOG.atError().log(msg);
        return new GroupOutcome(group.key(), GroupOutcome.Kind.STUCK, msg, null);
    }

    static List<String> ids(List<BlockMeta> metas) {
        List<String> out = new ArrayList<>(metas.size());
        for (BlockMeta m : metas) {
            out.add(m.ulid());
        }
        return out;
    }
}
