package io.jthanos.compact;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.Ulid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LeveledPlannerTest {
    private static final long H = Fixtures.HOUR;
    private final LeveledPlanner planner = new LeveledPlanner(LeveledPlanner.DEFAULT_RANGES);
    private int seq;

    private BlockMeta meta(long minH, long maxH) {
        String id = Ulid.generate(1_000_000 + seq++).toString();
        return new BlockMeta(id, minH * H, maxH * H, null, null, 1, BlockMeta.Thanos.of(Map.of("a", "1"), "test"), null);
    }

    private static List<String> ids(List<BlockMeta> m) {
        return GroupCompactor.ids(m);
    }

    @Test
    void fourTwoHourBlocksBeforeTheNewestBecomeOneEightHourBlock() {
        List<BlockMeta> m = List.of(meta(0, 2), meta(2, 4), meta(4, 6), meta(6, 8), meta(8, 10));
        assertThat(ids(planner.plan(m, Set.of()))).containsExactlyElementsOf(ids(m.subList(0, 4)));
    }

    @Test
    void incompleteRangeAtTheHeadIsNotCompacted() {
        List<BlockMeta> m = List.of(meta(0, 2), meta(2, 4), meta(4, 6));
        assertThat(planner.plan(m, Set.of())).isEmpty();
    }

    @Test
    void incompleteRangeBeforeTheNewestBlockIsCompacted() {
        // [0,2) and [2,4) do not fill 8h, but a block after the range exists, so no more will come.
        List<BlockMeta> m = List.of(meta(0, 2), meta(2, 4), meta(8, 10), meta(10, 12));
        assertThat(ids(planner.plan(m, Set.of()))).containsExactlyElementsOf(ids(m.subList(0, 2)));
    }

    @Test
    void eightHourBlocksBecomeTwoDays() {
        List<BlockMeta> m = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            m.add(meta(i * 8, i * 8 + 8));
        }
        m.add(meta(48, 50));
        assertThat(ids(planner.plan(m, Set.of()))).containsExactlyElementsOf(ids(m.subList(0, 6)));
    }

    @Test
    void overlappingBlocksArePlannedFirst() {
        List<BlockMeta> m = List.of(meta(0, 2), meta(2, 4), meta(3, 5), meta(6, 8), meta(8, 10));
        assertThat(ids(planner.plan(m, Set.of()))).containsExactlyElementsOf(ids(m.subList(1, 3)));
    }

    @Test
    void noCompactBlockSplitsThePlanWithoutGaps() {
        List<BlockMeta> m = List.of(meta(0, 2), meta(2, 4), meta(4, 6), meta(6, 8), meta(8, 10));
        assertThat(ids(planner.plan(m, Set.of(m.get(1).ulid())))).containsExactlyElementsOf(ids(m.subList(2, 4)));
        assertThat(planner.plan(m, Set.of(m.get(2).ulid()))).extracting(BlockMeta::ulid)
                .containsExactly(m.get(0).ulid(), m.get(1).ulid());
    }

    @Test
    void splitByRangeAsPrometheusDocumentsIt() {
        BlockMeta a = new BlockMeta(Ulid.generate(1).toString(), 0, 10, null, null, 1, null, null);
        BlockMeta b = new BlockMeta(Ulid.generate(2).toString(), 10, 20, null, null, 1, null, null);
        BlockMeta c = new BlockMeta(Ulid.generate(3).toString(), 50, 60, null, null, 1, null, null);
        BlockMeta d = new BlockMeta(Ulid.generate(4).toString(), 90, 100, null, null, 1, null, null);
        assertThat(LeveledPlanner.splitByRange(List.of(a, b, c, d), 30))
                .containsExactly(List.of(a, b), List.of(c), List.of(d));
        // A block crossing an aligned boundary is skipped at that level.
        BlockMeta e = new BlockMeta(Ulid.generate(5).toString(), 25, 35, null, null, 1, null, null);
        assertThat(LeveledPlanner.splitByRange(List.of(a, e), 30)).containsExactly(List.of(a));
    }

    @Test
    void overlapsAreReportedWithTheBlocks() {
        List<BlockMeta> m = List.of(meta(0, 2), meta(1, 3), meta(4, 6), meta(6, 8), meta(7, 9));
        List<List<BlockMeta>> o = Overlaps.find(m);
        assertThat(o).hasSize(2);
        assertThat(o.get(0)).containsExactly(m.get(0), m.get(1));
        assertThat(o.get(1)).containsExactly(m.get(3), m.get(4));
        assertThat(Overlaps.describe(o)).contains(m.get(0).ulid(), m.get(1).ulid(), m.get(3).ulid())
                .doesNotContain(m.get(2).ulid());
    }
}
