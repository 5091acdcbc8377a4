package io.jthanos.compact;

import io.jthanos.compact.merge.DedupFunc;
import io.jthanos.tsdb.block.BlockMeta;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Settings of a {@link Compactor}, named after the {@code thanos compact} flags they come from.
 *
 * @param dataDir {@code --data-dir}: scratch space for downloads and new blocks
 * @param consistencyDelay {@code --consistency-delay}
 * @param deleteDelay {@code --delete-delay}
 * @param verticalCompaction {@code --compact.enable-vertical-compaction}
 * @param replicaLabels {@code --deduplication.replica-label}
 * @param dedupFunc {@code --deduplication.func}
 * @param ranges compaction ranges in ms, {@link LeveledPlanner#DEFAULT_RANGES} by default
 * @param downsamplingDisabled {@code --downsampling.disable}
 * @param retentionRaw {@code --retention.resolution-raw}, zero to keep forever
 * @param retention5m {@code --retention.resolution-5m}
 * @param retention1h {@code --retention.resolution-1h}
 * @param selector which blocks this compactor owns ({@code --min-time}, {@code --max-time}, relabeling)
 * @param compactConcurrency {@code --compact.concurrency}: groups compacted at once
 * @param downsampleConcurrency {@code --downsample.concurrency}: blocks downsampled at once
 * @param metaFetchConcurrency {@code --block-meta-fetch-concurrency}
 * @param blockFilesConcurrency {@code --block-files-concurrency}: files of one block transferred at once
 * @param blocksFetchConcurrency {@code --compact.blocks-fetch-concurrency}: blocks of one compaction plan
 *     downloaded at once
 * @param haltOnError {@code --debug.halt-on-error}: on a critical error (a corrupt source block) the compactor
 *     halts, keeping the process up with {@code thanos_compact_halted} at 1, instead of failing the process
 */
public record CompactorConfig(Path dataDir, Duration consistencyDelay, Duration deleteDelay, boolean verticalCompaction,
        List<String> replicaLabels, DedupFunc dedupFunc, long[] ranges, boolean downsamplingDisabled,
        Duration retentionRaw, Duration retention5m, Duration retention1h, Predicate<BlockMeta> selector,
        int compactConcurrency, int downsampleConcurrency, int metaFetchConcurrency, int blockFilesConcurrency,
        int blocksFetchConcurrency, boolean haltOnError) {

    public CompactorConfig {
        replicaLabels = List.copyOf(replicaLabels);
        ranges = ranges.clone();
    }

    /** Thanos's defaults, with {@code dataDir} as scratch space. */
    public static CompactorConfig defaults(Path dataDir) {
        return new CompactorConfig(dataDir, Duration.ofMinutes(30), Duration.ofHours(48), false, List.of(),
                DedupFunc.EXACT, LeveledPlanner.DEFAULT_RANGES, false, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                m -> true, 1, 1, 32, 1, 1, true);
    }

    public CompactorConfig withConsistencyDelay(Duration d) {
        return new CompactorConfig(dataDir, d, deleteDelay, verticalCompaction, replicaLabels, dedupFunc, ranges,
                downsamplingDisabled, retentionRaw, retention5m, retention1h, selector, compactConcurrency,
                downsampleConcurrency, metaFetchConcurrency, blockFilesConcurrency, blocksFetchConcurrency,
                haltOnError);
    }

    public CompactorConfig withDeleteDelay(Duration d) {
        return new CompactorConfig(dataDir, consistencyDelay, d, verticalCompaction, replicaLabels, dedupFunc, ranges,
                downsamplingDisabled, retentionRaw, retention5m, retention1h, selector, compactConcurrency,
                downsampleConcurrency, metaFetchConcurrency, blockFilesConcurrency, blocksFetchConcurrency,
                haltOnError);
    }

    public CompactorConfig withVerticalCompaction(boolean on, List<String> replicaLabels, DedupFunc func) {
        return new CompactorConfig(dataDir, consistencyDelay, deleteDelay, on, replicaLabels, func, ranges,
                downsamplingDisabled, retentionRaw, retention5m, retention1h, selector, compactConcurrency,
                downsampleConcurrency, metaFetchConcurrency, blockFilesConcurrency, blocksFetchConcurrency,
                haltOnError);
    }

    public CompactorConfig withDownsamplingDisabled(boolean disabled) {
        return new CompactorConfig(dataDir, consistencyDelay, deleteDelay, verticalCompaction, replicaLabels, dedupFunc,
                ranges, disabled, retentionRaw, retention5m, retention1h, selector, compactConcurrency,
                downsampleConcurrency, metaFetchConcurrency, blockFilesConcurrency, blocksFetchConcurrency,
                haltOnError);
    }

    public CompactorConfig withRetention(Duration raw, Duration fiveMinutes, Duration oneHour) {
        return new CompactorConfig(dataDir, consistencyDelay, deleteDelay, verticalCompaction, replicaLabels, dedupFunc,
                ranges, downsamplingDisabled, raw, fiveMinutes, oneHour, selector, compactConcurrency,
                downsampleConcurrency, metaFetchConcurrency, blockFilesConcurrency, blocksFetchConcurrency,
                haltOnError);
    }

    public CompactorConfig withSelector(Predicate<BlockMeta> s) {
        return new CompactorConfig(dataDir, consistencyDelay, deleteDelay, verticalCompaction, replicaLabels, dedupFunc,
                ranges, downsamplingDisabled, retentionRaw, retention5m, retention1h, s, compactConcurrency,
                downsampleConcurrency, metaFetchConcurrency, blockFilesConcurrency, blocksFetchConcurrency,
                haltOnError);
    }

    public CompactorConfig withBlockFilesConcurrency(int n) {
        return new CompactorConfig(dataDir, consistencyDelay, deleteDelay, verticalCompaction, replicaLabels, dedupFunc,
                ranges, downsamplingDisabled, retentionRaw, retention5m, retention1h, selector, compactConcurrency,
                downsampleConcurrency, metaFetchConcurrency, n, blocksFetchConcurrency, haltOnError);
    }

    public CompactorConfig withConcurrency(int compact, int downsample, int metaFetch) {
        return new CompactorConfig(dataDir, consistencyDelay, deleteDelay, verticalCompaction, replicaLabels, dedupFunc,
                ranges, downsamplingDisabled, retentionRaw, retention5m, retention1h, selector, compact, downsample,
                metaFetch, blockFilesConcurrency, blocksFetchConcurrency, haltOnError);
    }

    public CompactorConfig withRanges(long... r) {
        return new CompactorConfig(dataDir, consistencyDelay, deleteDelay, verticalCompaction, replicaLabels, dedupFunc,
                r, downsamplingDisabled, retentionRaw, retention5m, retention1h, selector, compactConcurrency,
                downsampleConcurrency, metaFetchConcurrency, blockFilesConcurrency, blocksFetchConcurrency, haltOnError);
    }

    public CompactorConfig withBlocksFetchConcurrency(int n) {
        return new CompactorConfig(dataDir, consistencyDelay, deleteDelay, verticalCompaction, replicaLabels, dedupFunc,
                ranges, downsamplingDisabled, retentionRaw, retention5m, retention1h, selector, compactConcurrency,
                downsampleConcurrency, metaFetchConcurrency, blockFilesConcurrency, n, haltOnError);
    }

    public CompactorConfig withHaltOnError(boolean halt) {
        return new CompactorConfig(dataDir, consistencyDelay, deleteDelay, verticalCompaction, replicaLabels, dedupFunc,
                ranges, downsamplingDisabled, retentionRaw, retention5m, retention1h, selector, compactConcurrency,
                downsampleConcurrency, metaFetchConcurrency, blockFilesConcurrency, blocksFetchConcurrency, halt);
    }

    /** The retention of blocks of {@code resolution}; zero means forever. */
    public Duration retention(long resolution) {
        if (resolution == 0) {
            return retentionRaw;
        }
        return resolution == 300_000 ? retention5m : retention1h;
    }
}
