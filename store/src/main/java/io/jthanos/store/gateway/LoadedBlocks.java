package io.jthanos.store.gateway;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The blocks a {@link BucketStore} serves: an immutable snapshot by ULID, replaced atomically by a sync, with the
 * store's own reference on each block.
 *
 * <p>A replacement is published before the store's references on the blocks it drops are released, so a block
 * that a request finds closed has already been replaced in a newer snapshot (a compacted block hiding its sources,
 * say). {@link #acquire} therefore never serves a request from part of a snapshot: if any selected block has been
 * closed meanwhile it releases what it took and selects again from the newer snapshot. Skipping the closed block
 * instead would answer with a silent gap, neither the old blocks' data nor their replacement's.
 */
final class LoadedBlocks {
    private volatile Map<String, BucketBlock> blocks = Map.of();

    /** The current snapshot. */
    Map<String, BucketBlock> snapshot() {
        return blocks;
    }

    /**
     * Publishes {@code next} as the current snapshot, then releases the store's reference on each block of the
     * previous snapshot that {@code next} does not hold.
     *
     * @return the blocks dropped
     */
    synchronized List<BucketBlock> replace(Map<String, BucketBlock> next) {
        Map<String, BucketBlock> previous = blocks;
        blocks = Map.copyOf(next);
        List<BucketBlock> dropped = new ArrayList<>();
        for (var e : previous.entrySet()) {
            if (next.get(e.getKey()) != e.getValue()) {
                dropped.add(e.getValue());
                e.getValue().release();
            }
        }
        return dropped;
    }

    /**
     * Selects targets from one snapshot and takes a reference on each target's block, all from the same
     * snapshot; the caller releases them.
     *
     * @param select the targets of a request among a snapshot's blocks; may be called more than once
     * @param blockOf the block of a target
     */
    <T> List<T> acquire(Function<Collection<BucketBlock>, List<T>> select, Function<T, BucketBlock> blockOf) {
        while (true) {
            List<T> targets = select.apply(blocks.values());
            List<T> taken = new ArrayList<>(targets.size());
            for (T t : targets) {
                if (!blockOf.apply(t).tryAcquire()) {
                    break;
                }
                taken.add(t);
            }
            if (taken.size() == targets.size()) {
                return taken;
            }
            for (T t : taken) {
                blockOf.apply(t).release();
            }
        }
    }
}
