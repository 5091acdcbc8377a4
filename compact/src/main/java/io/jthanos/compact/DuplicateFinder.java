package io.jthanos.compact;

import io.jthanos.tsdb.block.BlockMeta;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds blocks whose data another block already holds (Thanos's {@code DeduplicateFilter}): block A is
 * a duplicate when a block B of the same resolution has all of A's {@code compaction.sources} and more,
 * or the same sources and a greater ULID. This is how a compaction interrupted after the upload of its
 * result and before the deletion marks of its sources is finished on the next run.
 */
public final class DuplicateFinder {
    private DuplicateFinder() {}

    /** The ULIDs of the duplicates among {@code metas}, in ULID order. */
    public static List<String> duplicates(Collection<BlockMeta> metas) {
        List<BlockMeta> all = new ArrayList<>(metas);
        List<Set<String>> sources = new ArrayList<>(all.size());
        for (BlockMeta m : all) {
            sources.add(new HashSet<>(m.compaction().sources()));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            BlockMeta a = all.get(i);
            for (int j = 0; j < all.size(); j++) {
                BlockMeta b = all.get(j);
                if (i == j || a.thanos().downsampleResolution() != b.thanos().downsampleResolution()) {
                    continue;
                }
                Set<String> sa = sources.get(i);
                Set<String> sb = sources.get(j);
                if (!sb.containsAll(sa)) {
                    continue;
                }
                if (sb.size() > sa.size() || b.ulid().compareTo(a.ulid()) > 0) {
                    out.add(a.ulid());
                    break;
                }
            }
        }
        out.sort(null);
        return out;
    }
}
