package io.jthanos.compact;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The compactor's metrics, with Thanos's names and help texts ({@code pkg/compact/compact.go},
 * {@code cmd/thanos/compact.go}); Micrometer's Prometheus registry adds the {@code _total} suffix of
 * counters. {@code jthanos_compact_group_stuck} is ours: 1 for a group skipped because of overlapping
 * blocks, where Thanos would have halted the whole compactor.
 */
public final class CompactMetrics {
    private final MeterRegistry reg;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> stuck = new ConcurrentHashMap<>();
    final AtomicLong halted = new AtomicLong();
    final AtomicLong todoCompactions = new AtomicLong();
    final AtomicLong todoCompactionBlocks = new AtomicLong();
    final AtomicLong todoDownsampleBlocks = new AtomicLong();
    final AtomicLong todoDeletionBlocks = new AtomicLong();
    final AtomicLong groupsStuck = new AtomicLong();

    public CompactMetrics(MeterRegistry reg) {
        this.reg = reg;
        Gauge.builder("thanos_compact_halted", halted, AtomicLong::get)
                .description("Set to 1 if the compactor halted due to an unexpected error.").register(reg);
        Gauge.builder("thanos_compact_todo_compactions", todoCompactions, AtomicLong::get)
                .description("number of compactions to be done").register(reg);
        Gauge.builder("thanos_compact_todo_compaction_blocks", todoCompactionBlocks, AtomicLong::get)
                .description("number of blocks planned to be merged").register(reg);
        Gauge.builder("thanos_compact_todo_downsample_blocks", todoDownsampleBlocks, AtomicLong::get)
                .description("number of blocks to be downsampled").register(reg);
        Gauge.builder("thanos_compact_todo_deletion_blocks", todoDeletionBlocks, AtomicLong::get)
                .description("number of blocks that have crossed their retention period").register(reg);
        Gauge.builder("jthanos_compact_groups_stuck", groupsStuck, AtomicLong::get)
                .description("Number of compaction groups skipped because of overlapping blocks.").register(reg);
        iterations();
    }

    /** Metrics into a throw-away registry, for tests and tools. */
    public static CompactMetrics noop() {
        return new CompactMetrics(new SimpleMeterRegistry());
    }

    /** The registry the metrics live in. */
    public MeterRegistry registry() {
        return reg;
    }

    private Counter counter(String name, String help, String... tags) {
        String key = name + String.join("\u0000", tags);
        return counters.computeIfAbsent(key, k -> Counter.builder(name).description(help).tags(tags).register(reg));
    }

    Counter iterations() {
        return counter("thanos_compact_iterations", "Total number of iterations that were executed successfully.");
    }

    Counter groupCompactions(long resolution) {
        return counter("thanos_compact_group_compactions",
                "Total number of group compaction attempts that resulted in a new block.", "resolution",
                Long.toString(resolution));
    }

    Counter groupRunsStarted(long resolution) {
        return counter("thanos_compact_group_compaction_runs_started", "Total number of group compaction attempts.",
                "resolution", Long.toString(resolution));
    }

    Counter groupRunsCompleted(long resolution) {
        return counter("thanos_compact_group_compaction_runs_completed",
                "Total number of group completed compaction runs. This also includes compactor group runs that resulted with no compaction.",
                "resolution", Long.toString(resolution));
    }

    Counter groupFailures(long resolution) {
        return counter("thanos_compact_group_compactions_failures", "Total number of failed group compactions.",
                "resolution", Long.toString(resolution));
    }

    Counter verticalCompactions(long resolution) {
        return counter("thanos_compact_group_vertical_compactions",
                "Total number of group compaction attempts that resulted in a new block based on overlapping blocks.",
                "resolution", Long.toString(resolution));
    }

    Counter downsamples(long resolution) {
        return counter("thanos_compact_downsample", "Total number of downsampling attempts.", "resolution",
                Long.toString(resolution));
    }

    Counter downsampleFailures(long resolution) {
        return counter("thanos_compact_downsample_failures", "Total number of failed downsampling attempts.",
                "resolution", Long.toString(resolution));
    }

    Counter blocksMarked(String marker, String reason) {
        return counter("thanos_compact_blocks_marked", "Total number of blocks marked in compactor.", "marker", marker,
                "reason", reason);
    }

    Counter garbageCollectedBlocks() {
        return counter("thanos_compact_garbage_collected_blocks", "Total number of blocks marked for deletion by compactor.");
    }

    Counter partialUploadDeleteAttempts() {
        return counter("thanos_compact_aborted_partial_uploads_deletion_attempts",
                "Total number of started deletions of blocks that are assumed aborted and only partially uploaded.");
    }

    Counter blocksCleaned() {
        return counter("thanos_compact_blocks_cleaned", "Total number of blocks deleted in compactor.");
    }

    Counter blockCleanupFailures() {
        return counter("thanos_compact_block_cleanup_failures",
                "Failures encountered while deleting blocks in compactor.");
    }

    /** Sets whether group {@code key} is stuck on overlapping blocks. */
    void groupStuck(String key, boolean isStuck) {
        AtomicLong g = stuck.computeIfAbsent(key, k -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("jthanos_compact_group_stuck", v, AtomicLong::get)
                    .description("1 when the compaction group is skipped because of overlapping blocks.")
                    .tag("group", k).register(reg);
            return v;
        });
        g.set(isStuck ? 1 : 0);
    }
}
