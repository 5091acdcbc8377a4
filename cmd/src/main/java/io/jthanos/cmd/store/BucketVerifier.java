package io.jthanos.cmd.store;

import io.jthanos.model.Labels;
import io.jthanos.objstore.BucketReader;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.index.ChunkRefMeta;
import io.jthanos.tsdb.index.IndexReader;
import io.jthanos.tsdb.index.Postings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks of {@code thanos tools bucket verify} ({@code pkg/verifier}): {@code overlapped_blocks} finds blocks of
 * the same external labels and resolution whose time ranges overlap; {@code index_known_issues} downloads each
 * block's index and checks that series are sorted and unique, label names sorted and unique, and chunks ordered,
 * non-overlapping and inside the block's time range. Issues are returned as lines; nothing is repaired.
 */
public final class BucketVerifier {
    private BucketVerifier() {}

    /** Overlapping pairs, one line each, grouped by external labels and resolution. */
    public static List<String> overlaps(List<BlockMeta> metas) {
        Map<String, List<BlockMeta>> groups = new LinkedHashMap<>();
        for (BlockMeta m : metas) {
            Labels ext = m.thanos() == null ? Labels.empty() : Labels.fromMap(m.thanos().labels());
            long res = m.thanos() == null ? 0 : m.thanos().downsampleResolution();
            groups.computeIfAbsent(res + "@" + ext, k -> new ArrayList<>()).add(m);
        }
        List<String> out = new ArrayList<>();
        for (var e : groups.entrySet()) {
            List<BlockMeta> g = e.getValue();
            g.sort(Comparator.comparingLong(BlockMeta::minTime).thenComparing(BlockMeta::ulid));
            for (int i = 0; i < g.size(); i++) {
                for (int j = i + 1; j < g.size() && g.get(j).minTime() < g.get(i).maxTime(); j++) {
                    BlockMeta a = g.get(i);
                    BlockMeta b = g.get(j);
                    out.add("group " + e.getKey() + ": blocks " + a.ulid() + " [" + a.minTime() + ", " + a.maxTime() + ") and "
                            + b.ulid() + " [" + b.minTime() + ", " + b.maxTime() + ") overlap by "
                            + (Math.min(a.maxTime(), b.maxTime()) - b.minTime()) + " ms");
                }
            }
        }
        return out;
    }

    /** Index issues of one block, read from {@code bucket} into {@code tmpDir}. */
    public static List<String> indexIssues(BucketReader bucket, BlockMeta meta, Path tmpDir) throws IOException {
        Path file = Files.createTempFile(tmpDir, meta.ulid(), ".index");
        try {
            try (InputStream in = bucket.get(meta.ulid() + "/index")) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return indexIssues(file, meta);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static List<String> indexIssues(Path index, BlockMeta meta) throws IOException {
        List<String> out = new ArrayList<>();
        String block = "block " + meta.ulid() + ": ";
        try (IndexReader r = IndexReader.open(index)) {
            Postings p = r.allPostings();
            Labels prev = null;
            List<ChunkRefMeta> chunks = new ArrayList<>();
            long series = 0;
            while (p.next()) {
                series++;
                Labels l = r.series(p.at(), chunks);
                for (int i = 1; i < l.size(); i++) {
                    if (Labels.compareStrings(l.name(i - 1), l.name(i)) >= 0) {
                        out.add(block + "series " + l + ": label names not sorted or duplicated");
                        break;
                    }
                }
                if (prev != null && prev.compareTo(l) >= 0) {
                    out.add(block + "series " + l + " out of order after " + prev);
                }
                prev = l;
                for (int i = 0; i < chunks.size(); i++) {
                    ChunkRefMeta c = chunks.get(i);
                    if (c.minTime() > c.maxTime()) {
                        out.add(block + "series " + l + ": chunk with minTime " + c.minTime() + " > maxTime " + c.maxTime());
                    }
                    if (c.minTime() < meta.minTime() || c.maxTime() >= meta.maxTime()) {
                        out.add(block + "series " + l + ": chunk [" + c.minTime() + ", " + c.maxTime()
                                + "] outside the block range [" + meta.minTime() + ", " + meta.maxTime() + ")");
                    }
                    if (i > 0 && c.minTime() <= chunks.get(i - 1).maxTime()) {
                        out.add(block + "series " + l + ": chunk at " + c.minTime() + " overlaps the previous one ending at "
                                + chunks.get(i - 1).maxTime());
                    }
                }
            }
            if (meta.stats().numSeries() > 0 && series != meta.stats().numSeries()) {
                out.add(block + "index has " + series + " series, meta.json says " + meta.stats().numSeries());
            }
        } catch (io.jthanos.tsdb.encoding.CorruptBlockException e) {
            out.add(block + "corrupt index: " + e.getMessage());
        }
        return out;
    }
}
