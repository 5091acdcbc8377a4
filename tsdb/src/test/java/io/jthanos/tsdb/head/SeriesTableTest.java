package io.jthanos.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link SeriesTable}'s probing and backward-shift deletion against a map, through growth and removals. */
class SeriesTableTest {
    @Test
    void findsWhatWasAddedAndNotWhatWasRemoved() {
        Random rnd = new Random(7);
        SeriesTable.ByRef byRef = new SeriesTable.ByRef();
        SeriesTable.ByLabels byLabels = new SeriesTable.ByLabels();
        Map<Long, MemSeries> model = new HashMap<>();
        List<MemSeries> live = new ArrayList<>();
        long next = 1;
        for (int step = 0; step < 20_000; step++) {
            if (live.isEmpty() || rnd.nextInt(3) != 0) {
                // refs spaced by 1024 as in one stripe of StripeSeries, so home slots collide
                long ref = next++ * 1024;
                MemSeries s = new MemSeries(ref, Labels.of("instance", "i" + ref, "job", "j" + rnd.nextInt(4)));
                byRef.add(s);
                byLabels.add(s);
                model.put(ref, s);
                live.add(s);
            } else {
                MemSeries s = live.remove(rnd.nextInt(live.size()));
                assertThat(byRef.remove(s)).isTrue();
                assertThat(byLabels.remove(s)).isTrue();
                assertThat(byRef.remove(s)).isFalse();
                model.remove(s.ref);
            }
            if (step % 1000 == 0) {
                for (long ref = 1024; ref < next * 1024; ref += 1024) {
                    MemSeries want = model.get(ref);
                    assertThat(byRef.get(ref)).isSameAs(want);
                    Labels ls = want != null ? want.labels : Labels.of("instance", "i" + ref, "job", "j0");
                    assertThat(byLabels.get(Labels.of("instance", "i" + ref, "job", ls.get("job")))).isSameAs(want);
                }
                assertThat(byRef.size()).isEqualTo(model.size());
                List<MemSeries> all = new ArrayList<>();
                byLabels.forEach(all::add);
                assertThat(all).containsExactlyInAnyOrderElementsOf(model.values());
            }
        }
    }
}
