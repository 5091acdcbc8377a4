package io.jthanos.tsdb.block;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * A block's {@code meta.json}: Prometheus's {@code tsdb.BlockMeta} plus Thanos's {@code thanos} section
 * ({@code pkg/block/metadata/meta.go}). Times in milliseconds; {@code maxTime} is exclusive.
 * Fields this model does not know are kept in {@code unknown} and written back, so rewriting a meta
 * written by a newer Prometheus or Thanos loses nothing. See {@link BlockMetaJson} for the codec.
 *
 * @param version meta format version, always 1
 * @param thanos the Thanos section, or {@code null} for a plain Prometheus block
 * @param unknown other top-level fields, or {@code null}
 */
public record BlockMeta(String ulid, long minTime, long maxTime, Stats stats, Compaction compaction, int version,
        Thanos thanos, ObjectNode unknown) {

    public BlockMeta {
        if (stats == null) {
            stats = new Stats(0, 0, 0, 0, 0, 0, null);
        }
        if (compaction == null) {
            compaction = new Compaction(1, List.of(ulid), false, List.of(), false, List.of(), null);
        }
    }

    /** A copy with a different Thanos section. */
    public BlockMeta withThanos(Thanos t) {
        return new BlockMeta(ulid, minTime, maxTime, stats, compaction, version, t, unknown);
    }

    /** Counts over the block; zero counts are omitted from JSON, as Go's {@code omitempty} does. */
    public record Stats(long numSamples, long numFloatSamples, long numHistogramSamples, long numSeries, long numChunks,
            long numTombstones, ObjectNode unknown) {}

    /** A block this block was compacted from. */
    public record BlockDesc(String ulid, long minTime, long maxTime) {}

    /** Compaction lineage: level 1 for blocks cut from a head or imported. */
    public record Compaction(int level, List<String> sources, boolean deletable, List<BlockDesc> parents, boolean failed,
            List<String> hints, ObjectNode unknown) {
        public Compaction {
            sources = sources == null ? List.of() : List.copyOf(sources);
            parents = parents == null ? List.of() : List.copyOf(parents);
            hints = hints == null ? List.of() : List.copyOf(hints);
        }
    }

    /**
     * Thanos's section.
     *
     * @param labels external labels identifying the producer (required for upload)
     * @param downsampleResolution 0 (raw), 300000 (5m) or 3600000 (1h)
     * @param source who created the block: {@code sidecar}, {@code receive}, {@code compactor}, …
     * @param segmentFiles deprecated list of chunk file names
     * @param files files of the block with their sizes, sorted by path ({@code meta.json} has no size)
     * @param indexStats largest series and chunk sizes, for range-read estimates
     * @param uploadTime RFC 3339 upload time, or {@code null}
     * @param rewrites raw {@code rewrites}, or {@code null}
     * @param extensions raw {@code extensions}, or {@code null}
     */
    public record Thanos(int version, Map<String, String> labels, long downsampleResolution, String source,
            List<String> segmentFiles, List<File> files, IndexStats indexStats, String uploadTime, JsonNode rewrites,
            JsonNode extensions, ObjectNode unknown) {
        public Thanos {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
            segmentFiles = segmentFiles == null ? List.of() : List.copyOf(segmentFiles);
            files = files == null ? List.of() : List.copyOf(files);
            indexStats = indexStats == null ? new IndexStats(0, 0) : indexStats;
        }

        /** A minimal section for a block created by {@code source} with external labels {@code labels}. */
        public static Thanos of(Map<String, String> labels, String source) {
            return new Thanos(1, labels, 0, source, List.of(), List.of(), new IndexStats(0, 0), null, null, null, null);
        }
    }

    /** One file of a block; {@code hash} is kept raw. */
    public record File(String relPath, long sizeBytes, JsonNode hash) {}

    /** {@code index_stats}. */
    public record IndexStats(long seriesMaxSize, long chunkMaxSize) {}
}
