package io.jthanos.tsdb.chunks;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.storage.ChunkMeta;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeadChunkerTest {
    private static final long RANGE = 4 * 3_600_000L;

    @Test
    void cutsAtAQuarterEstimateSpreadingTheRangeEvenly() {
        HeadChunker c = new HeadChunker(RANGE);
        for (long t = 0; t < RANGE; t += 15_000) {
            assertThat(c.append(t, 1)).isEqualTo(HeadChunker.Result.APPENDED);
        }
        List<ChunkMeta> chunks = c.finish();
        // 960 samples over 4h: the estimate after 30 samples divides the range into 8 chunks of 120
        assertThat(chunks).hasSize(8);
        assertThat(chunks).allSatisfy(m -> assertThat(m.chunk().numSamples()).isEqualTo(120));
    }

    @Test
    void cutsAt240SamplesAndNearTheByteLimit() {
        HeadChunker dense = new HeadChunker(RANGE);
        for (int i = 0; i < 30; i++) {
            dense.append(i * 100_000L, 1); // slow start: the estimate says one chunk for the range
        }
        for (int i = 0; i < 1000; i++) {
            dense.append(3_000_000L + i, 1); // then fast: cut at 240
        }
        assertThat(dense.finish().stream().mapToInt(m -> m.chunk().numSamples()).max().orElseThrow()).isEqualTo(240);
        HeadChunker random = new HeadChunker(RANGE);
        Random r = new Random(1);
        for (int i = 0; i < 1000; i++) {
            random.append(i * 1000L, Double.longBitsToDouble(r.nextLong() >>> 2));
        }
        for (ChunkMeta m : random.finish()) {
            assertThat(m.chunk().bytes().byteSize()).isLessThanOrEqualTo(1024);
        }
    }

    @Test
    void rejectsOutOfOrderAndConflictingDuplicates() {
        HeadChunker c = new HeadChunker(RANGE);
        c.append(10, 1);
        assertThat(c.append(10, 1)).isEqualTo(HeadChunker.Result.DUPLICATE);
        assertThat(c.append(10, 2)).isEqualTo(HeadChunker.Result.DUPLICATE_TIMESTAMP);
        assertThat(c.append(5, 2)).isEqualTo(HeadChunker.Result.OUT_OF_ORDER);
        assertThat(c.finish()).singleElement().satisfies(m -> assertThat(m.chunk().numSamples()).isEqualTo(1));
        assertThat(HeadChunker.rangeForTimestamp(7_200_001, RANGE)).isEqualTo(RANGE);
    }
}
