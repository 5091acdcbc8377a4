package io.jthanos.compact;

import static io.jthanos.compact.Fixtures.HOUR;
import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.objstore.memory.InMemoryBucket;
import io.jthanos.objstore.testing.FaultyBucket;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --compact.blocks-fetch-concurrency}: the blocks of one compaction plan are downloaded that many at once.
 * The bucket holds every index download until four (the plan of five 2h blocks) are in flight (or 10 s pass, which only a sequential
 * download would need), and records the most downloads seen at once.
 */
class BlocksFetchConcurrencyTest {
    @TempDir Path tmp;

    private final MutableClock clock = new MutableClock(Instant.now().plus(Duration.ofHours(1)));

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    /** A bucket whose index downloads wait until {@code gather} of them are in flight, then run on. */
    private FaultyBucket bucketWithFourBlocks(int gather) throws Exception {
        FaultyBucket bkt = new FaultyBucket(new InMemoryBucket());
        Fixtures.Data data = Fixtures.generate(2, 0, 10 * HOUR, 60_000, 4);
        Fixtures.uploadBlocks(bkt, tmp.resolve("in"), data, 0, 10 * HOUR, 2 * HOUR, Map.of("cluster", "eu"), clock);
        CountDownLatch gate = new CountDownLatch(gather);
        bkt.onGet(name -> {
            if (!name.endsWith("/index")) {
                return;
            }
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                gate.countDown();
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        });
        return bkt;
    }

    private CompactorConfig config(int blocksFetchConcurrency) {
        return CompactorConfig.defaults(tmp.resolve("data")).withConsistencyDelay(Duration.ZERO)
                .withDownsamplingDisabled(true).withBlocksFetchConcurrency(blocksFetchConcurrency);
    }

    @Test
    void theFourBlocksOfAPlanAreDownloadedAtOnce() throws Exception {
        FaultyBucket bkt = bucketWithFourBlocks(4);
        IterationResult r = new Compactor(bkt, config(4), CompactMetrics.noop(), clock).runIteration();
        assertThat(r.ok()).as("%s", r.failures()).isTrue();
        assertThat(r.compactions()).isEqualTo(1);
        assertThat(maxInFlight.get()).isEqualTo(4);
    }

    @Test
    void theDefaultDownloadsOneBlockAtATime() throws Exception {
        FaultyBucket bkt = bucketWithFourBlocks(1);
        IterationResult r = new Compactor(bkt, config(1), CompactMetrics.noop(), clock).runIteration();
        assertThat(r.ok()).as("%s", r.failures()).isTrue();
        assertThat(r.compactions()).isEqualTo(1);
        assertThat(maxInFlight.get()).isEqualTo(1);
    }
}
