package io.jthanos.store.proxy;

import io.jthanos.store.StoreChunk;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges the chunks of series with equal labels from several stores: sorted by time, with chunks of
 * identical time range and bytes kept once (replicated or overlapping sources send the same chunk).
 */
final class ChunkMerger {
    private final List<StoreChunk> all = new ArrayList<>();
    private int sources;
    private List<StoreChunk> only;

    void reset() {
        all.clear();
        sources = 0;
        only = null;
    }

    void add(List<StoreChunk> chunks) {
        if (sources++ == 0) {
            only = chunks;
        }
        all.addAll(chunks);
    }

    /** The merged chunks; valid until the next {@link #reset()}. */
    List<StoreChunk> merged() {
        if (sources == 1) {
            return only;
        }
        all.sort(StoreChunk::compareByTime);
        List<StoreChunk> out = new ArrayList<>(all.size());
        for (StoreChunk c : all) {
            boolean duplicate = false;
            for (int j = out.size() - 1; j >= 0; j--) {
                StoreChunk prev = out.get(j);
                if (prev.minTime() != c.minTime() || prev.maxTime() != c.maxTime()) {
                    break;
                }
                if (prev.sameContent(c)) {
                    duplicate = true;
                    break;
                }
            }
            if (!duplicate) {
                out.add(c);
            }
        }
        return out;
    }
}
