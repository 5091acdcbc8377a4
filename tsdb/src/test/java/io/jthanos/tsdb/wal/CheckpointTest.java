package io.jthanos.tsdb.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir
    Path dir;

    @Test
    void keepsLiveSeriesAndRecentSamplesAndDropsCoveredSegments() throws Exception {
        WalOptions options = WalOptions.defaults();
        int last;
        try (WalWriter w = WalWriter.open(dir, options, WalMetrics.noop())) {
            for (long ref = 1; ref <= 4; ref++) {
                w.commit(Records.encodeSeries(new long[] {ref}, new Labels[] {Labels.of("s", "" + ref)}, 1));
                SampleBatch b = new SampleBatch();
                for (long t = 0; t < 10; t++) {
                    b.add(ref, t, t);
                }
                w.commit(Records.encodeSamples(b));
                w.nextSegment();
            }
            last = w.currentSegment() - 1;
            Checkpoint.Location cp = Checkpoint.create(dir, last - 1, ref -> ref % 2 == 0, 5, WalMetrics.noop());
            assertThat(cp.index()).isEqualTo(last - 1);
            assertThat(WalFormat.segments(dir)).containsExactly(last, last + 1);
            // a second checkpoint folds in the first one
            Checkpoint.Location cp2 = Checkpoint.create(dir, last, ref -> ref != 2, 7, WalMetrics.noop());
            assertThat(Files.exists(cp.dir())).isFalse();
            assertThat(Checkpoint.last(dir)).isEqualTo(cp2);
            // nothing new since: the checkpoint stays as it is
            assertThat(Checkpoint.create(dir, last, ref -> false, Long.MAX_VALUE, WalMetrics.noop())).isEqualTo(cp2);
        }
        List<String> series = new ArrayList<>();
        List<String> samples = new ArrayList<>();
        try (WalReader r = WalReader.open(Checkpoint.last(dir).dir())) {
            SampleBatch b = new SampleBatch();
            while (r.next()) {
                switch (RecordType.of(r.record(), r.length())) {
                    case SERIES -> Records.decodeSeries(r.record(), r.length(), (ref, ls) -> series.add(ref + "=" + ls));
                    case SAMPLES -> {
                        Records.decodeSamples(r.record(), r.length(), b);
                        for (int i = 0; i < b.size(); i++) {
                            samples.add(b.ref(i) + "@" + b.t(i));
                        }
                    }
                    default -> throw new AssertionError();
                }
            }
        }
        // series 4 came from a segment, its samples >= 7; series 2 was dropped by the second checkpoint
        assertThat(series).containsExactly("4={s=\"4\"}");
        assertThat(samples).containsExactly("4@7", "4@8", "4@9");
    }
}
