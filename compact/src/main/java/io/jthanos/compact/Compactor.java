package io.jthanos.compact;

import io.jthanos.compact.downsample.BlockDownsampler;
import io.jthanos.compact.downsample.Downsampling;
import io.jthanos.objstore.Bucket;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.fileutil.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compactor over one bucket (Thanos's {@code compactMainFn}): each iteration syncs the bucket,
 * garbage-collects blocks whose data a newer block holds, compacts every group until no group has
 * work left, downsamples, applies retention and deletes what is due. A group with overlapping blocks
 * (without vertical compaction) is reported and skipped; the others keep compacting, and overlaps never
 * halt the compactor as a whole. Only a critical error (a corrupt source block) does, as in Thanos, and only
 * with {@code --debug.halt-on-error}; without it the iteration fails with {@link CriticalCompactionException}.
 */
public final class Compactor {
    private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);
    private static final int MAX_PASSES = 1000;

    private final Bucket bkt;
    private final CompactorConfig cfg;
    private final CompactMetrics metrics;
    private final Clock clock;
    private final MetaSyncer syncer;
    private final Grouper grouper;
    private final GroupCompactor groupCompactor;
    private final BlocksCleaner cleaner;
    private final Map<String, String> stuck = new ConcurrentHashMap<>();
    private volatile String haltReason;

    public Compactor(Bucket bkt, CompactorConfig cfg, CompactMetrics metrics, Clock clock) {
        this.bkt = bkt;
        this.cfg = cfg;
        this.metrics = metrics;
        this.clock = clock;
        this.syncer = new MetaSyncer(bkt, cfg.consistencyDelay(), cfg.selector(), cfg.metaFetchConcurrency(), clock);
        this.grouper = new Grouper(cfg.replicaLabels());
        this.groupCompactor = new GroupCompactor(bkt, cfg, metrics, clock);
        this.cleaner = new BlocksCleaner(bkt, cfg.deleteDelay(), cfg.consistencyDelay(), metrics, clock);
    }

    /** Groups currently skipped because of overlapping blocks, with what to do about them. */
    public Map<String, String> stuckGroups() {
        return Collections.unmodifiableMap(new TreeMap<>(stuck));
    }

    /** Syncs the bucket (for tools and tests). */
    public SyncResult sync() throws IOException {
        return syncer.sync();
    }

    /**
     * Why the compactor halted, if it did: a critical error with {@code --debug.halt-on-error}. A halted compactor
     * does no more work until restarted.
     */
    public Optional<String> halted() {
        return Optional.ofNullable(haltReason);
    }

    /**
     * One full iteration: compaction, downsampling, retention and cleanup.
     *
     * @throws CriticalCompactionException on a critical error (a corrupt source block), or when already halted
     */
    public IterationResult runIteration() throws IOException {
        if (haltReason != null) {
            throw new CriticalCompactionException("compactor halted: " + haltReason);
        }
        List<String> failures = new ArrayList<>();
        List<String> critical = new ArrayList<>();
        int compactions = compactAll(failures, critical);
        if (!critical.isEmpty()) {
            String reason = String.join("; ", critical);
            if (cfg.haltOnError()) {
                haltReason = reason;
                metrics.halted.set(1);
                LOG.atError().addKeyValue("err", reason).log("critical error detected; halting");
            }
            throw new CriticalCompactionException(reason);
        }
        int downsamples = 0;
        if (!cfg.downsamplingDisabled()) {
            downsamples += downsamplePass(syncer.sync(), failures);
            downsamples += downsamplePass(syncer.sync(), failures);
        }
        SyncResult s = syncer.sync();
        int retention = Retention.apply(bkt, s.metas().values(), cfg::retention, metrics, clock);
        int cleaned = cleaner.clean(syncer.sync(), failures);
        updateTodo(syncer.sync());
        if (failures.isEmpty()) {
            metrics.iterations().increment();
        }
        return new IterationResult(compactions, downsamples, retention, cleaned, stuckGroups(), failures);
    }

    /**
     * Deletes blocks marked long enough ago and aborted partial uploads; returns how many.
     *
     * @throws IOException when a block could not be deleted (after trying all others)
     */
    public int cleanup() throws IOException {
        List<String> failures = new ArrayList<>();
        int n = cleaner.clean(syncer.sync(), failures);
        if (!failures.isEmpty()) {
            throw new IOException("cleanup: " + String.join("; ", failures));
        }
        return n;
    }

    /** Compacts all groups until none has work left; returns the number of blocks created. */
    int compactAll(List<String> failures, List<String> critical) throws IOException {
        int created = 0;
        Set<String> failedGroups = new HashSet<>();
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            SyncResult s = syncer.sync();
            Map<String, BlockMeta> metas = garbageCollect(s);
            List<CompactionGroup> groups = grouper.groups(metas.values());
            cleanWorkDirs(groups);
            List<CompactionGroup> todo = new ArrayList<>();
            for (CompactionGroup g : groups) {
                if (g.metasByMinTime().size() > 1 && !failedGroups.contains(g.key())) {
                    todo.add(g);
                }
            }
            Set<String> present = new HashSet<>();
            for (CompactionGroup g : groups) {
                present.add(g.key());
            }
            for (String key : new ArrayList<>(stuck.keySet())) {
                if (!present.contains(key)) {
                    stuck.remove(key);
                    metrics.groupStuck(key, false);
                }
            }
            List<GroupOutcome> outcomes = runGroups(todo, s.noCompactMarks().keySet());
            boolean rerun = false;
            for (GroupOutcome o : outcomes) {
                switch (o.kind()) {
                    case STUCK -> {
                        stuck.put(o.groupKey(), o.message());
                        metrics.groupStuck(o.groupKey(), true);
                    }
                    case FAILED -> {
                        failedGroups.add(o.groupKey());
                        failures.add(o.message());
                    }
                    case CRITICAL -> {
                        failedGroups.add(o.groupKey());
                        failures.add(o.message());
                        critical.add(o.message());
                    }
                    default -> {
                        if (stuck.remove(o.groupKey()) != null) {
                            metrics.groupStuck(o.groupKey(), false);
                        }
                    }
                }
                if (o.kind() == GroupOutcome.Kind.COMPACTED) {
                    created++;
                }
                rerun |= o.rerun();
            }
            metrics.groupsStuck.set(stuck.size());
            if (!rerun || !critical.isEmpty()) {
                break;
            }
        }
        return created;
    }

    private List<GroupOutcome> runGroups(List<CompactionGroup> groups, Set<String> noCompact) throws IOException {
        List<GroupOutcome> out = new ArrayList<>(groups.size());
        if (cfg.compactConcurrency() <= 1 || groups.size() <= 1) {
            for (CompactionGroup g : groups) {
                out.add(groupCompactor.compact(g, noCompact, workDir(g)));
            }
            return out;
        }
        try (ExecutorService ex = Executors.newFixedThreadPool(cfg.compactConcurrency())) {
            List<Future<GroupOutcome>> fs = new ArrayList<>();
            for (CompactionGroup g : groups) {
                fs.add(ex.submit(() -> groupCompactor.compact(g, noCompact, workDir(g))));
            }
            for (Future<GroupOutcome> f : fs) {
                out.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("compaction interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("compaction: " + e.getCause(), e.getCause());
        }
        return out;
    }

    /**
     * Marks blocks whose data another block already holds for deletion (Thanos's {@code GarbageCollect});
     * returns the remaining metas.
     */
    private Map<String, BlockMeta> garbageCollect(SyncResult s) throws IOException {
        Map<String, BlockMeta> metas = new LinkedHashMap<>(s.metas());
        for (String id : DuplicateFinder.duplicates(s.metas().values())) {
            LOG.atInfo().addKeyValue("block", id).log("marking outdated block for deletion");
            if (Markers.markForDeletion(bkt, id, "outdated block", clock)) {
                metrics.blocksMarked(DeletionMark.FILE_NAME, "").increment();
                metrics.garbageCollectedBlocks().increment();
            }
            metas.remove(id);
        }
        return metas;
    }

    private Path compactDir() {
        return cfg.dataDir().resolve("compact");
    }

    private Path workDir(CompactionGroup g) {
        return compactDir().resolve(dirName(g.key()));
    }

    /** A file-system-safe directory name for a group key. */
    static String dirName(String key) {
        String safe = key.replaceAll("[^A-Za-z0-9_.@-]", "_");
        if (safe.length() > 80) {
            safe = safe.substring(0, 80);
        }
        return safe + "-" + Integer.toHexString(key.hashCode());
    }

    private void cleanWorkDirs(List<CompactionGroup> groups) throws IOException {
        Path dir = compactDir();
        if (!Files.isDirectory(dir)) {
            return;
        }
        Set<String> keep = new HashSet<>();
        for (CompactionGroup g : groups) {
            keep.add(dirName(g.key()));
        }
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                if (!keep.contains(p.getFileName().toString())) {
                    FileTrees.removeAll(p);
                }
            }
        }
    }

    /**
     * Downsamples what is due (Thanos's {@code downsampleBucket}): a raw block of at least 40h whose
     * sources are not all covered by a 5m block yet, and a 5m block of at least 10 days not covered by a
     * 1h block. Returns the number of blocks created.
     */
    int downsamplePass(SyncResult s, List<String> failures) throws IOException {
        Map<String, BlockMeta> metas = garbageCollect(s);
        List<BlockMeta> todo = new ArrayList<>();
        List<Long> targets = new ArrayList<>();
        downsampleTodo(metas.values(), s.noDownsample(), todo, targets);
        Path root = cfg.dataDir().resolve("downsample");
        FileTrees.removeAll(root);
        java.util.concurrent.atomic.AtomicInteger created = new java.util.concurrent.atomic.AtomicInteger();
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Parallel.IoTask> tasks = new ArrayList<>(todo.size());
        for (int i = 0; i < todo.size(); i++) {
            BlockMeta m = todo.get(i);
            long target = targets.get(i);
            tasks.add(() -> {
                if (downsampleOne(m, target, root.resolve(m.ulid()), errors)) {
                    created.incrementAndGet();
                }
            });
        }
        Parallel.run(tasks, cfg.downsampleConcurrency());
        failures.addAll(errors);
        return created.get();
    }

    /** Downloads, downsamples and uploads one block in its own directory; failures go to {@code errors}. */
    private boolean downsampleOne(BlockMeta m, long target, Path dir, List<String> errors) throws IOException {
        metrics.downsamples(target).increment();
        try {
            Files.createDirectories(dir);
            Path in = dir.resolve(m.ulid());
            BucketBlocks.download(bkt, m.ulid(), in, cfg.blockFilesConcurrency());
            BlockMeta out = BlockDownsampler.downsample(in, dir.resolve("out"), target);
            BucketBlocks.upload(bkt, dir.resolve("out").resolve(out.ulid()), clock, cfg.blockFilesConcurrency());
            LOG.atInfo().addKeyValue("from", m.ulid()).addKeyValue("to", out.ulid())
                    .addKeyValue("resolution", target).log("downsampled and uploaded block");
            return true;
        } catch (IOException | RuntimeException e) {
            metrics.downsampleFailures(target).increment();
            LOG.atError().addKeyValue("block", m.ulid()).addKeyValue("err", e.toString())
                    .log("downsampling failed; retrying in the next iteration");
            errors.add("downsample block " + m.ulid() + " to resolution " + target + ": " + e);
            return false;
        } finally {
            FileTrees.removeAll(dir);
        }
    }

    /** Fills {@code todo} with the blocks due for downsampling and {@code targets} with their target resolutions. */
    private static void downsampleTodo(java.util.Collection<BlockMeta> metas, Set<String> noDownsample,
            List<BlockMeta> todo, List<Long> targets) {
        Set<String> sources5m = new HashSet<>();
        Set<String> sources1h = new HashSet<>();
        for (BlockMeta m : metas) {
            long r = m.thanos().downsampleResolution();
            if (r == Downsampling.RES_5M) {
                sources5m.addAll(m.compaction().sources());
            } else if (r == Downsampling.RES_1H) {
                sources1h.addAll(m.compaction().sources());
            }
        }
        for (BlockMeta m : metas.stream().sorted(CompactionGroup.BY_MIN_TIME).toList()) {
            if (noDownsample.contains(m.ulid())) {
                continue;
            }
            long r = m.thanos().downsampleResolution();
            if (r == Downsampling.RES_RAW && !sources5m.containsAll(m.compaction().sources())
                    && m.maxTime() - m.minTime() >= Downsampling.RES_5M_RANGE) {
                todo.add(m);
                targets.add(Downsampling.RES_5M);
            } else if (r == Downsampling.RES_5M && !sources1h.containsAll(m.compaction().sources())
                    && m.maxTime() - m.minTime() >= Downsampling.RES_1H_RANGE) {
                todo.add(m);
                targets.add(Downsampling.RES_1H);
            }
        }
    }

    private void updateTodo(SyncResult s) {
        long plans = 0;
        long blocks = 0;
        for (CompactionGroup g : grouper.groups(s.metas().values())) {
            if (stuck.containsKey(g.key())) {
                continue;
            }
            List<BlockMeta> p = groupCompactor.plan(g, s.noCompactMarks().keySet());
            if (!p.isEmpty()) {
                plans++;
                blocks += p.size();
            }
        }
        metrics.todoCompactions.set(plans);
        metrics.todoCompactionBlocks.set(blocks);
        List<BlockMeta> downsample = new ArrayList<>();
        if (!cfg.downsamplingDisabled()) {
            downsampleTodo(s.metas().values(), s.noDownsample(), downsample, new ArrayList<>());
        }
        metrics.todoDownsampleBlocks.set(downsample.size());
        metrics.todoDeletionBlocks.set(Retention.expired(s.metas().values(), cfg::retention, clock).size());
    }
}
