package io.jthanos.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.tsdb.wal.DurabilityMode;
import io.jthanos.tsdb.wal.RecordType;
import io.jthanos.tsdb.wal.Records;
import io.jthanos.tsdb.wal.SampleBatch;
import io.jthanos.tsdb.wal.WalOptions;
import io.jthanos.tsdb.wal.WalReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damages the WAL tail at random offsets (truncation or a flipped bit) and reopens the head: opening
 * must succeed, keep every batch whose record ended before the damage, and hold no batch in part.
 */
class HeadTornWalTest {
    @TempDir
    Path root;

    private static final int SERIES = 7;
    private static final HeadOptions OPTIONS = HeadOptions.defaults()
            .withWal(WalOptions.defaults().withDurability(DurabilityMode.NONE).withSegmentSize(64 * 1024));

    @Test
    void reopenAfterTornOrCorruptTailKeepsEveryCompleteBatch() throws Exception {
        Random rnd = new Random(7);
        for (int round = 0; round < 25; round++) {
            Path dir = root.resolve("r" + round);
            int batches = 100 + rnd.nextInt(300);
            Head head = Head.open(dir, OPTIONS, Long.MIN_VALUE, new SimpleMeterRegistry());
            for (int b = 0; b < batches; b++) {
                HeadAppender app = head.appender();
                for (int s = 0; s < SERIES; s++) {
                    app.append(0, Labels.of("s", "" + s, "pad", "x".repeat(rnd.nextInt(200))), b, b);
                }
                app.commit();
            }
            head.close();

            // where each batch's samples record ends
            Path wal = dir.resolve("wal");
            List<long[]> ends = new ArrayList<>(); // {batch, segment, end}
            try (WalReader r = WalReader.open(wal)) {
                SampleBatch sb = new SampleBatch();
                while (r.next()) {
                    if (RecordType.of(r.record(), r.length()) == RecordType.SAMPLES) {
                        Records.decodeSamples(r.record(), r.length(), sb);
                        ends.add(new long[] {sb.t(0), r.segment(), r.offset()});
                    }
                }
            }
            List<Path> segments;
            try (Stream<Path> s = Files.list(wal)) {
                segments = s.sorted().toList();
            }
            // damage one of the last two segments
            int pick = Math.max(0, segments.size() - 1 - rnd.nextInt(2));
            Path victim = segments.get(pick);
            int victimIndex = Integer.parseInt(victim.getFileName().toString());
            long size = Files.size(victim);
            long offset = size == 0 ? 0 : (long) (rnd.nextDouble() * size);
            try (FileChannel ch = FileChannel.open(victim, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                if (rnd.nextBoolean() || size == 0) {
                    ch.truncate(offset);
                } else {
                    ByteBuffer one = ByteBuffer.allocate(1);
                    ch.read(one, offset);
                    one.put(0, (byte) (one.get(0) ^ (1 << rnd.nextInt(8))));
                    ch.write(one.flip(), offset);
                }
            }
            long intact = ends.stream().filter(e -> e[1] < victimIndex || (e[1] == victimIndex && e[2] <= offset)).count();

            Head reopened = Head.open(dir, OPTIONS, Long.MIN_VALUE, new SimpleMeterRegistry());
            Map<Labels, List<String>> content = HeadContent.dump(reopened);
            TreeSet<Long> present = new TreeSet<>();
            for (List<String> samples : content.values()) {
                for (String s : samples) {
                    present.add(Long.parseLong(s.substring(0, s.indexOf('='))));
                }
            }
            assertThat(present.size()).as("round %d", round).isGreaterThanOrEqualTo((int) intact);
            if (!present.isEmpty()) {
                assertThat(present.last() - present.first() + 1).as("batches form a prefix").isEqualTo(present.size());
                assertThat(present.first()).isZero();
            }
            for (long b : present) {
                long holders = content.values().stream().filter(l -> l.contains(HeadContent.sample(b, b))).count();
                assertThat(holders).as("batch %d is whole", b).isEqualTo(SERIES);
            }
            // the repaired WAL takes new batches that survive another reopen
            HeadAppender app = reopened.appender();
            for (int s = 0; s < SERIES; s++) {
                app.append(0, Labels.of("s", "" + s, "pad", ""), 10_000, 1);
            }
            app.commit();
            Map<Labels, List<String>> before = HeadContent.dump(reopened);
            reopened.close();
            Head third = Head.open(dir, OPTIONS, Long.MIN_VALUE, new SimpleMeterRegistry());
            assertThat(HeadContent.dump(third)).isEqualTo(before);
            third.close();
        }
    }
}
