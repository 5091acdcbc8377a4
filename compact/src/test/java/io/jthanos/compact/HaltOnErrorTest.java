package io.jthanos.compact;

import static io.jthanos.compact.Fixtures.HOUR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.objstore.memory.InMemoryBucket;
import io.jthanos.tsdb.block.BlockMeta;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --debug.halt-on-error}: a corrupt source block is a critical error, as Thanos's halt error for blocks
 * with an unhealthy index. With the flag the compactor halts (no more work, {@code thanos_compact_halted} 1);
 * without it the iteration fails with the error and the next one tries again. Either way nothing is marked.
 */
class HaltOnErrorTest {
    @TempDir Path tmp;

    private final MutableClock clock = new MutableClock(Instant.now().plus(Duration.ofHours(1)));
    private final InMemoryBucket bkt = new InMemoryBucket();

    /** Five 2h blocks of one group, the second with a broken index magic; returns the corrupt block's ULID. */
    private String corruptGroup() throws Exception {
        Fixtures.Data data = Fixtures.generate(2, 0, 10 * HOUR, 60_000, 3);
        List<BlockMeta> blocks = Fixtures.uploadBlocks(bkt, tmp.resolve("in"), data, 0, 10 * HOUR, 2 * HOUR,
                Map.of("cluster", "eu"), clock);
        String id = blocks.get(1).ulid();
        byte[] index = bkt.objects().get(id + "/index").clone();
        index[0] ^= 0x55;
        bkt.upload(id + "/index", new ByteArrayInputStream(index), index.length);
        return id;
    }

    private CompactorConfig config() {
        return CompactorConfig.defaults(tmp.resolve("data")).withConsistencyDelay(Duration.ZERO)
                .withDownsamplingDisabled(true);
    }

    @Test
    void aCorruptSourceBlockHaltsTheCompactor() throws Exception {
        String corrupt = corruptGroup();
        CompactMetrics metrics = CompactMetrics.noop();
        Compactor c = new Compactor(bkt, config(), metrics, clock);

        assertThatThrownBy(c::runIteration).isInstanceOf(CriticalCompactionException.class)
                .hasMessageContaining("corrupt source block").hasMessageContaining(corrupt)
                .hasMessageContaining("invalid magic number");
        assertThat(metrics.registry().get("thanos_compact_halted").gauge().value()).isEqualTo(1);
        assertThat(c.halted()).hasValueSatisfying(h -> assertThat(h).contains(corrupt));
        // halted: no more work, even once the block is fixed
        assertThatThrownBy(c::runIteration).isInstanceOf(CriticalCompactionException.class)
                .hasMessageStartingWith("compactor halted: ");
        assertThat(Fixtures.liveBlocks(bkt, clock)).hasSize(5);
        assertThat(bkt.objects().keySet()).noneMatch(k -> k.endsWith(DeletionMark.FILE_NAME));
    }

    @Test
    void withoutHaltOnErrorTheIterationFailsAndTheNextOneTriesAgain() throws Exception {
        corruptGroup();
        CompactMetrics metrics = CompactMetrics.noop();
        Compactor c = new Compactor(bkt, config().withHaltOnError(false), metrics, clock);

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(c::runIteration).isInstanceOf(CriticalCompactionException.class)
                    .hasMessageContaining("corrupt source block");
        }
        assertThat(metrics.registry().get("thanos_compact_halted").gauge().value()).isZero();
        assertThat(c.halted()).isEmpty();
        assertThat(bkt.objects().keySet()).noneMatch(k -> k.endsWith(DeletionMark.FILE_NAME));
    }
}
