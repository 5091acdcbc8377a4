package io.jthanos.store.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.objstore.memory.InMemoryBucket;
import io.jthanos.store.gateway.indexheader.LazyIndexHeader;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.Ulid;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression for the block-churn wrong answer: a request that read the snapshot just before a sync swapped a
 * compacted block in for its sources found the sources closed and used to skip them, answering without the
 * sources' data and without the compacted block's (a silent gap). It must select again from the new snapshot.
 */
class LoadedBlocksTest {
    private static final long HOUR = 3_600_000;
    private final InMemoryBucket bucket = new InMemoryBucket();
    private final IndexCache cache = new InMemoryIndexCache(0, new SimpleMeterRegistry());
    @TempDir Path tmp;

    private BucketBlock block(long from, long to) {
        String id = Ulid.generate().toString();
        BlockMeta m = new BlockMeta(id, from, to, null, null, 1, null, null);
        return new BucketBlock(m, bucket, new LazyIndexHeader(bucket, id, tmp.resolve(id).resolve("index-header"),
                System::nanoTime), cache, null);
    }

    private static Map<String, BucketBlock> byId(BucketBlock... bs) {
        Map<String, BucketBlock> m = new java.util.HashMap<>();
        for (BucketBlock b : bs) {
            m.put(b.id(), b);
        }
        return m;
    }

    @Test
    void aRequestRacingABlockSwapIsServedFromTheNewSnapshotNotFromWhatSurvivedOfTheOld() {
        LoadedBlocks blocks = new LoadedBlocks();
        BucketBlock a = block(0, HOUR);
        BucketBlock b = block(HOUR, 2 * HOUR);
        BucketBlock fresh = block(2 * HOUR, 3 * HOUR);
        blocks.replace(byId(a, b, fresh));
        BucketBlock compacted = block(0, 2 * HOUR);
        AtomicBoolean swapped = new AtomicBoolean();
        List<Integer> selections = new ArrayList<>();
        // The sync lands between the request reading the snapshot and referencing its blocks.
        Function<Collection<BucketBlock>, List<BucketBlock>> select = loaded -> {
            selections.add(loaded.size());
            List<BucketBlock> out = new ArrayList<>(loaded);
            if (swapped.compareAndSet(false, true)) {
                assertThat(blocks.replace(byId(compacted, fresh))).containsExactlyInAnyOrder(a, b);
            }
            return out;
        };

        List<BucketBlock> taken = blocks.acquire(select, Function.identity());

        assertThat(a.isClosed()).isTrue();
        assertThat(b.isClosed()).isTrue();
        assertThat(taken).as("the compacted block with the fresh one, never the fresh one alone")
                .containsExactlyInAnyOrder(compacted, fresh);
        assertThat(selections).containsExactly(3, 2);
        for (BucketBlock t : taken) {
            t.release();
        }
        // only the store's references are left
        blocks.replace(Map.of());
        assertThat(compacted.isClosed()).isTrue();
        assertThat(fresh.isClosed()).isTrue();
    }

    @Test
    void aBlockReferencedByARequestStaysOpenUntilTheRequestReleasesIt() {
        LoadedBlocks blocks = new LoadedBlocks();
        BucketBlock a = block(0, HOUR);
        blocks.replace(byId(a));
        List<BucketBlock> taken = blocks.acquire(ArrayList::new, Function.identity());
        assertThat(blocks.replace(Map.of())).containsExactly(a);
        assertThat(a.isClosed()).isFalse();
        taken.get(0).release();
        assertThat(a.isClosed()).isTrue();
    }

    @Test
    void keptBlocksAreNotReleasedByAReplacement() {
        LoadedBlocks blocks = new LoadedBlocks();
        BucketBlock a = block(0, HOUR);
        blocks.replace(byId(a));
        assertThat(blocks.replace(byId(a, block(HOUR, 2 * HOUR)))).isEmpty();
        assertThat(a.isClosed()).isFalse();
    }
}
