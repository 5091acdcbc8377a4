package io.jthanos.compact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.objstore.memory.InMemoryBucket;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.Ulid;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MarkersTest {
    @Test
    void jsonHasThanosFieldNames() {
        String id = "01HZX4Q1V0S8Y6W9R1M2N3P4Q5";
        assertThat(new String(Markers.toJson(new DeletionMark(id, 1, "d", 1700000000)), StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":\"" + id + "\",\"version\":1,\"details\":\"d\",\"deletion_time\":1700000000}");
        assertThat(new String(Markers.toJson(new NoCompactMark(id, 1, "x", 5, "manual")), StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":\"" + id + "\",\"version\":1,\"details\":\"x\",\"no_compact_time\":5,\"reason\":\"manual\"}");
    }

    @Test
    void markingTwiceKeepsTheFirstTime() throws Exception {
        InMemoryBucket bkt = new InMemoryBucket();
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(1000));
        String id = Ulid.generate(0).toString();
        assertThatThrownBy(() -> Markers.markForDeletion(bkt, id, "x", clock)).hasMessageContaining("no meta.json");
        bkt.upload(id + "/meta.json", new byte[] {'{', '}'});
        assertThat(Markers.markForDeletion(bkt, id, "first", clock)).isTrue();
        clock.advance(Duration.ofHours(1));
        assertThat(Markers.markForDeletion(bkt, id, "second", clock)).isFalse();
        DeletionMark m = Markers.readDeletionMark(bkt, id);
        assertThat(m).isEqualTo(new DeletionMark(id, 1, "first", 1000));
        assertThat(Markers.readNoCompactMark(bkt, id)).isNull();
    }

    @Test
    void duplicatesAreBlocksWhoseSourcesAnotherBlockHolds() {
        BlockMeta a = meta("A", List.of("A"), 0);
        BlockMeta b = meta("B", List.of("B"), 0);
        BlockMeta ab = meta("C", List.of("A", "B"), 0);
        BlockMeta ab5m = meta("D", List.of("A", "B"), 300000);
        BlockMeta other = meta("E", List.of("E"), 0);
        assertThat(DuplicateFinder.duplicates(List.of(a, b, ab, ab5m, other))).containsExactly(a.ulid(), b.ulid());
        BlockMeta ab2 = meta("F", List.of("A", "B"), 0);
        assertThat(DuplicateFinder.duplicates(List.of(ab, ab2))).containsExactly(ab.ulid());
    }

    private static BlockMeta meta(String tag, List<String> sources, long res) {
        String id = "01HZX4Q1V0S8Y6W9R1M2N3P4Q" + tag;
        List<String> src = sources.stream().map(s -> "01HZX4Q1V0S8Y6W9R1M2N3P4S" + s).toList();
        BlockMeta.Thanos t = new BlockMeta.Thanos(1, Map.of("a", "b"), res, "test", null, null, null, null, null, null, null);
        return new BlockMeta(id, 0, 1, null, new BlockMeta.Compaction(1, src, false, null, false, null, null), 1, t, null);
    }
}
