package io.jthanos.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.tsdb.chunkenc.Encoding;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkDiskMapperTest {
    private static final ValueLayout.OfLong LONG_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    @Test
    void chunksReadBackAfterTruncationsAndFileCuts(@TempDir Path dir) throws Exception {
        try (ChunkDiskMapper disk = new ChunkDiskMapper(dir, 200)) {
            long[] refs = new long[50];
            for (int i = 0; i < refs.length; i++) {
                refs[i] = disk.write(i, i, i, Encoding.XOR, chunkData(i));
            }
            disk.truncate(20);
            for (int i = 20; i < refs.length; i++) {
                assertThat(disk.chunk(refs[i], 16).get(LONG_BE, 0)).isEqualTo(i);
            }
            assertThat(disk.fileCount()).isLessThan(50);
        }
    }

    /**
     * Readers never get another chunk's bytes while files are cut and truncated concurrently: the file
     * table was once two volatile fields, and a reader pairing the old array with the new first
     * sequence read a neighbouring file.
     */
    @Test
    void concurrentReadersNeverSeeAnotherChunkWhileFilesAreTruncated(@TempDir Path dir) throws Exception {
        int live = 64;
        AtomicReferenceArray<long[]> slots = new AtomicReferenceArray<>(live); // {ref, id}
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong reads = new AtomicLong();
        try (ChunkDiskMapper disk = new ChunkDiskMapper(dir, 200)) {
            Thread[] readers = new Thread[2];
            for (int k = 0; k < readers.length; k++) {
                readers[k] = Thread.ofPlatform().start(() -> {
                    int i = 0;
                    while (!Thread.currentThread().isInterrupted() && failure.get() == null) {
                        long[] slot = slots.get(i++ % live);
                        if (slot == null) {
                            continue;
                        }
                        try {
                            long got = disk.chunk(slot[0], 16).get(LONG_BE, 0);
                            if (got != slot[1]) {
                                failure.set(new AssertionError("chunk " + slot[1] + " read as " + got));
                            }
                        } catch (IllegalStateException gone) {
                            // truncated since the slot was read: allowed
                        } catch (Throwable t) {
                            failure.set(t);
                        }
                        reads.incrementAndGet();
                    }
                });
            }
            for (long id = 0; id < 6_000 && failure.get() == null; id++) {
                long ref = disk.write(id, id, id, Encoding.XOR, chunkData(id));
                slots.set((int) (id % live), new long[] {ref, id});
                if (id % 8 == 0) {
                    disk.truncate(id - live);
                }
            }
            for (Thread t : readers) {
                t.interrupt();
                t.join();
            }
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertThat(reads.get()).isPositive();
    }

    private static MemorySegment chunkData(long id) {
        MemorySegment s = MemorySegment.ofArray(new byte[16]);
        s.set(LONG_BE, 0, id);
        s.set(LONG_BE, 8, ~id);
        return s;
    }
}
