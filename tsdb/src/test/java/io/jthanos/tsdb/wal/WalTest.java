package io.jthanos.tsdb.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalTest {
    @TempDir
    Path dir;

    private static final WalOptions SMALL = WalOptions.defaults().withSegmentSize(2 * WalFormat.PAGE_SIZE);

    private static byte[] record(Random rnd, int maxLength) {
        byte[] b = new byte[1 + rnd.nextInt(maxLength)];
        rnd.nextBytes(b);
        return b;
    }

    /** Record positions as the reader reports them. */
    private record Read(byte[] data, int segment, long end) {}

    private static List<Read> readAll(Path dir) throws IOException {
        List<Read> out = new ArrayList<>();
        try (WalReader r = WalReader.open(dir)) {
            while (r.next()) {
                out.add(new Read(Arrays.copyOf(r.record(), r.length()), r.segment(), r.offset()));
            }
        }
        return out;
    }

    /** Reads until the end or the first corruption, repairing it; returns what was read. */
    private static List<byte[]> readRepairing(Path dir) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (WalReader r = WalReader.open(dir)) {
            while (r.next()) {
                out.add(Arrays.copyOf(r.record(), r.length()));
            }
        } catch (WalCorruptionException e) {
            WalWriter.repair(e);
        }
        return out;
    }

    @Test
    void roundTripsRecordsOfAllSizesOverPagesAndSegments() throws IOException {
        Random rnd = new Random(1);
        List<byte[]> written = new ArrayList<>();
        try (WalWriter w = WalWriter.open(dir, SMALL, WalMetrics.noop())) {
            for (int i = 0; i < 300; i++) {
                byte[] rec = record(rnd, i % 10 == 0 ? 100_000 : 300);
                written.add(rec);
                w.commit(rec);
            }
        }
        List<Read> read = readAll(dir);
        assertThat(read).hasSize(written.size());
        for (int i = 0; i < written.size(); i++) {
            assertThat(read.get(i).data()).isEqualTo(written.get(i));
        }
        assertThat(WalFormat.segments(dir).size()).isGreaterThan(10);
        // completed segments are padded to whole pages
        List<Integer> segs = WalFormat.segments(dir);
        for (int s : segs.subList(0, segs.size() - 1)) {
            assertThat(Files.size(dir.resolve(WalFormat.segmentName(s))) % WalFormat.PAGE_SIZE).isZero();
        }
    }

    @Test
    void reopeningStartsANewSegmentAndKeepsOldRecords() throws IOException {
        try (WalWriter w = WalWriter.open(dir, WalOptions.defaults(), WalMetrics.noop())) {
            w.commit(new byte[] {1, 2, 3});
        }
        try (WalWriter w = WalWriter.open(dir, WalOptions.defaults(), WalMetrics.noop())) {
            assertThat(w.currentSegment()).isEqualTo(1);
            w.commit(new byte[] {4});
        }
        assertThat(readAll(dir)).extracting(r -> r.data()[0]).containsExactly((byte) 1, (byte) 4);
    }

    @Test
    void formatMatchesPrometheusFragmentHeader() throws IOException {
        try (WalWriter w = WalWriter.open(dir, WalOptions.defaults(), WalMetrics.noop())) {
            w.commit(new byte[] {9, 8, 7});
        }
        byte[] file = Files.readAllBytes(dir.resolve("00000000"));
        assertThat(file).hasSize(10);
        assertThat(file[0]).isEqualTo((byte) WalFormat.FULL);
        assertThat(((file[1] & 0xFF) << 8) | (file[2] & 0xFF)).isEqualTo(3);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(new byte[] {9, 8, 7});
        assertThat(ByteBuffer.wrap(file, 3, 4).getInt()).isEqualTo((int) crc.getValue());
    }

    @Test
    void tornOrCorruptTailIsCutAtTheLastIntactRecord() throws IOException {
        Random rnd = new Random(42);
        for (int round = 0; round < 40; round++) {
            Path d = dir.resolve("r" + round);
            List<byte[]> written = new ArrayList<>();
            try (WalWriter w = WalWriter.open(d, SMALL, WalMetrics.noop())) {
                for (int i = 0; i < 60; i++) {
                    byte[] rec = record(rnd, i % 7 == 0 ? 70_000 : 2000);
                    written.add(rec);
                    w.log(rec);
                }
            }
            List<Read> positions = readAll(d);
            List<Integer> segs = WalFormat.segments(d);
            int damagedSegment = segs.get(rnd.nextInt(segs.size()));
            Path file = d.resolve(WalFormat.segmentName(damagedSegment));
            long size = Files.size(file);
            long offset = (long) (rnd.nextDouble() * size);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
                if (rnd.nextBoolean()) {
                    ch.truncate(offset);
                } else {
                    ByteBuffer b = ByteBuffer.allocate(1);
                    ch.read(b, offset);
                    b.put(0, (byte) (b.get(0) ^ (1 << rnd.nextInt(8))));
                    ch.write(b.flip(), offset);
                }
            }
            long intact = positions.stream()
                    .filter(p -> p.segment() < damagedSegment || (p.segment() == damagedSegment && p.end() <= offset))
                    .count();

            List<byte[]> recovered = readRepairing(d);
            assertThat(recovered.size()).as("round %d", round).isGreaterThanOrEqualTo((int) intact);
            for (int i = 0; i < recovered.size(); i++) {
                assertThat(recovered.get(i)).isEqualTo(written.get(i));
            }
            // after repair the log reads cleanly and accepts new records
            try (WalWriter w = WalWriter.open(d, SMALL, WalMetrics.noop())) {
                w.commit(new byte[] {42});
            }
            List<Read> after = readAll(d);
            assertThat(after).hasSize(recovered.size() + 1);
            assertThat(after.getLast().data()).containsExactly(42);
        }
    }

    @Test
    void concurrentCommittersShareFsyncsAndLoseNothing() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ConcurrentLinkedQueue<String> committed = new ConcurrentLinkedQueue<>();
        int threads = 8, perThread = 200;
        try (WalWriter w = WalWriter.open(dir, WalOptions.defaults().withSegmentSize(8 * WalFormat.PAGE_SIZE), new WalMetrics(registry))) {
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                ts.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String s = id + ":" + i;
                        try {
                            w.commit(s.getBytes());
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                        committed.add(s);
                    }
                }));
            }
            for (Thread t : ts) {
                t.join();
            }
        }
        List<String> read = readAll(dir).stream().map(r -> new String(r.data())).toList();
        assertThat(read).containsExactlyInAnyOrderElementsOf(committed).hasSize(threads * perThread);
        for (int t = 0; t < threads; t++) {
            String prefix = t + ":";
            assertThat(read.stream().filter(s -> s.startsWith(prefix)).map(s -> Integer.parseInt(s.substring(prefix.length()))).toList())
                    .isSorted();
        }
        long fsyncs = registry.get("prometheus_tsdb_wal_fsync_duration_seconds").timer().count();
        assertThat(fsyncs).isPositive().isLessThanOrEqualTo(threads * perThread);
    }

    private static long fsyncs(SimpleMeterRegistry registry) {
        return registry.get("prometheus_tsdb_wal_fsync_duration_seconds").timer().count();
    }

    @Test
    void durabilityModesDecideWhenCommitsAreFsynced() throws Exception {
        SimpleMeterRegistry each = new SimpleMeterRegistry();
        try (WalWriter w = WalWriter.open(dir.resolve("each"), WalOptions.defaults(), new WalMetrics(each))) {
            w.commit(new byte[] {1});
            assertThat(fsyncs(each)).isEqualTo(1);
            w.commit(new byte[] {2});
            assertThat(fsyncs(each)).isEqualTo(2);
            long position = w.log(new byte[] {3});
            w.sync(position);
            w.sync(position); // already covered: no second fsync
            assertThat(fsyncs(each)).isEqualTo(3);
        }

        SimpleMeterRegistry none = new SimpleMeterRegistry();
        try (WalWriter w = WalWriter.open(dir.resolve("none"), WalOptions.defaults().withDurability(DurabilityMode.NONE), new WalMetrics(none))) {
            for (int i = 0; i < 10; i++) {
                w.commit(new byte[] {(byte) i});
            }
            Thread.sleep(50);
            assertThat(fsyncs(none)).isZero();
        }
        assertThat(readAll(dir.resolve("none"))).hasSize(10);

        SimpleMeterRegistry batched = new SimpleMeterRegistry();
        WalOptions interval = new WalOptions(WalOptions.DEFAULT_SEGMENT_SIZE, DurabilityMode.BATCHED_INTERVAL, java.time.Duration.ofMillis(20));
        try (WalWriter w = WalWriter.open(dir.resolve("batched"), interval, new WalMetrics(batched))) {
            for (int i = 0; i < 10; i++) {
                w.commit(new byte[] {(byte) i});
            }
            long deadline = System.currentTimeMillis() + 5000;
            while (fsyncs(batched) == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            assertThat(fsyncs(batched)).as("background fsync within the interval").isPositive();
        }
    }

    @Test
    void compressedRecordsAreRefusedNotRepaired() throws Exception {
        try (WalWriter w = WalWriter.open(dir, WalOptions.defaults(), WalMetrics.noop())) {
            w.commit(new byte[] {1, 2, 3});
        }
        Path segment = dir.resolve("00000000");
        byte[] file = Files.readAllBytes(segment);
        file[0] |= 0b1000; // Prometheus's snappy flag
        Files.write(segment, file);
        try (WalReader r = WalReader.open(dir)) {
            assertThatThrownBy(r::next).isInstanceOf(IOException.class).isNotInstanceOf(WalCorruptionException.class)
                    .hasMessageContaining("snappy-compressed");
        }
    }

    @Test
    void writerFailsAfterClose() throws IOException {
        WalWriter w = WalWriter.open(dir, WalOptions.defaults(), WalMetrics.noop());
        w.close();
        assertThatThrownBy(() -> w.log(new byte[] {1})).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }
}
