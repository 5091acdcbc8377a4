package io.jthanos.query.dedup;

import io.jthanos.store.StoreChunk;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the chunks of one series into groups without overlaps in time (Thanos's {@code NewOverlapSplit}):
 * with replica labels removed, a series holds the chunks of every replica, and each group then acts as one
 * replica. Chunks must be sorted by {@code minTime}; each goes to the first group whose last chunk ends
 * before it starts. The groups must not be modified.
 */
public final class OverlapSplit {
    private OverlapSplit() {}

    public static List<List<StoreChunk>> split(List<StoreChunk> chunks) {
        if (!overlapping(chunks)) {
            // One replica's chunks, the usual case: one group, the list itself.
            return List.of(chunks);
        }
        List<List<StoreChunk>> groups = new ArrayList<>();
        next:
        for (StoreChunk c : chunks) {
            for (List<StoreChunk> g : groups) {
                if (g.get(g.size() - 1).maxTime() < c.minTime()) {
                    g.add(c);
                    continue next;
                }
            }
            List<StoreChunk> g = new ArrayList<>();
            g.add(c);
            groups.add(g);
        }
        return groups;
    }

    private static boolean overlapping(List<StoreChunk> chunks) {
        for (int i = 1; i < chunks.size(); i++) {
            if (chunks.get(i).minTime() <= chunks.get(i - 1).maxTime()) {
                return true;
            }
        }
        return false;
    }
}
