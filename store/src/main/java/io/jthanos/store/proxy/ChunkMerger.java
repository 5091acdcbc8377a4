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
    private final List<StoreChunk> scratch = new ArrayList<>();
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

    private boolean sorted(int from, int to) {
        for (int i = from + 1; i < to; i++) {
            if (StoreChunk.compareByTime(all.get(i - 1), all.get(i)) > 0) {
                return false;
            }
        }
        return true;
    }

    /** Sorts {@link #all}, which holds two sources each sorted by time (as stores send them), in one merge. */
    private void mergeTwo() {
        int split = only.size();
        scratch.clear();
        int i = 0;
        int j = split;
        int n = all.size();
        while (i < split && j < n) {
            // Ties take the first source's chunk first, as the stable sort did.
            scratch.add(StoreChunk.compareByTime(all.get(j), all.get(i)) < 0 ? all.get(j++) : all.get(i++));
        }
        while (i < split) {
            scratch.add(all.get(i++));
        }
        while (j < n) {
            scratch.add(all.get(j++));
        }
        all.clear();
        all.addAll(scratch);
    }

    /** The merged chunks; valid until the next {@link #reset()}. */
    List<StoreChunk> merged() {
        if (sources == 1) {
            return only;
        }
        if (sources == 2 && sorted(0, only.size()) && sorted(only.size(), all.size())) {
            mergeTwo();
        } else {
            all.sort(StoreChunk::compareByTime);
        }
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
