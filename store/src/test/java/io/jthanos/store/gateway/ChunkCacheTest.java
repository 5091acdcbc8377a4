package io.jthanos.store.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkCacheTest {
    private final byte[] object = new byte[100_000];
    private final List<long[]> reads = new ArrayList<>();

    ChunkCacheTest() {
        new Random(1).nextBytes(object);
    }

    /** A ranged read cut at the object's end, as the bucket does; records each read. */
    private byte[] bucketRead(long off, long len) {
        reads.add(new long[] {off, len});
        int from = (int) Math.min(off, object.length);
        return Arrays.copyOfRange(object, from, (int) Math.min(off + len, object.length));
    }

    private static byte[] expected(byte[] object, long off, long len) {
        return Arrays.copyOfRange(object, (int) Math.min(off, object.length), (int) Math.min(off + len, object.length));
    }

    @Test
    void anyRangeEqualsTheObjectsBytesAndASecondReadComesFromMemory() throws Exception {
        ChunkCache cache = new ChunkCache(1 << 20, new SimpleMeterRegistry());
        Random r = new Random(2);
        for (int i = 0; i < 500; i++) {
            long off = r.nextInt(object.length + 100);
            long len = 1 + r.nextInt(40_000);
            assertThat(cache.read("b/chunks/000001", off, len, this::bucketRead)).isEqualTo(expected(object, off, len));
        }
        reads.clear();
        for (int i = 0; i < 200; i++) {
            long off = r.nextInt(object.length);
            long len = 1 + r.nextInt(40_000);
            assertThat(cache.read("b/chunks/000001", off, len, this::bucketRead)).isEqualTo(expected(object, off, len));
        }
        assertThat(reads).isEmpty();
    }

    @Test
    void missingSubrangesAreFetchedInAtMostThreeAlignedReads() throws Exception {
        ChunkCache cache = new ChunkCache(1 << 20, new SimpleMeterRegistry());
        // cache subranges 1 and 3
        cache.read("o", 16_000, 10, this::bucketRead);
        cache.read("o", 48_000, 10, this::bucketRead);
        reads.clear();
        // subranges 0..4: missing 0, 2, 4 -> three reads of one subrange each
        assertThat(cache.read("o", 5, 75_000, this::bucketRead)).isEqualTo(expected(object, 5, 75_000));
        assertThat(reads).extracting(x -> x[0]).containsExactly(0L, 32_000L, 64_000L);
        assertThat(reads).extracting(x -> x[1]).containsOnly((long) ChunkCache.SUBRANGE);

        ChunkCache other = new ChunkCache(1 << 20, new SimpleMeterRegistry());
        for (long s : new long[] {1, 3, 5}) {
            other.read("o", s * 16_000, 1, this::bucketRead);
        }
        reads.clear();
        // missing 0, 2, 4, 6: more than three runs -> one read from the first to the last missing subrange
        assertThat(other.read("o", 0, 100_000, this::bucketRead)).isEqualTo(object);
        assertThat(reads).hasSize(1);
        assertThat(reads.get(0)).containsExactly(0, 7 * 16_000);
    }

    @Test
    void staysWithinItsByteBoundEvictingTheLeastRecentlyUsed() throws Exception {
        ChunkCache cache = new ChunkCache(3 * (ChunkCache.SUBRANGE + 100), new SimpleMeterRegistry());
        for (int s = 0; s < 6; s++) {
            cache.read("o", s * 16_000L, 1, this::bucketRead);
        }
        assertThat(cache.sizeBytes()).isLessThanOrEqualTo(3 * (ChunkCache.SUBRANGE + 100));
        reads.clear();
        cache.read("o", 5 * 16_000L, 1, this::bucketRead);
        assertThat(reads).isEmpty();
        cache.read("o", 0, 1, this::bucketRead);
        assertThat(reads).hasSize(1);
    }
}
