package io.jthanos.cmd.allinone;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.storage.AppendRejectedException;
import io.jthanos.storage.Appender;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelfScraperTest {

    private record Appended(Labels labels, long t, double v) {}

    private static final class RecordingAppender implements Appender {
        final List<Appended> pending = new ArrayList<>();
        final List<Appended> committed = new ArrayList<>();
        boolean rejectNaN;

        @Override
        public long append(long ref, Labels labels, long t, double v) throws AppendRejectedException {
            if (rejectNaN && Double.isNaN(v)) {
                throw new AppendRejectedException(AppendRejectedException.Reason.OUT_OF_BOUNDS, "test");
            }
            pending.add(new Appended(labels, t, v));
            return 0;
        }

        @Override
        public void commit() {
            committed.addAll(pending);
            pending.clear();
        }

        @Override
        public void rollback() {
            pending.clear();
        }
    }

    @Test
    void appendsEverySampleWithJobAndInstanceAndUpInOneCommit() throws Exception {
        RecordingAppender app = new RecordingAppender();
        SelfScraper scraper = new SelfScraper(() -> "# TYPE a gauge\na{x=\"1\"} 2\nb 3 1000\n", () -> () -> app,
                "thanos-all-in-one", "localhost:10902");
        long before = System.currentTimeMillis();
        assertThat(scraper.scrapeOnce()).isEqualTo(3);
        assertThat(app.pending).isEmpty();
        assertThat(app.committed).hasSize(3);
        Appended a = app.committed.get(0);
        assertThat(a.labels()).isEqualTo(Labels.of("__name__", "a", "x", "1", "job", "thanos-all-in-one",
                "instance", "localhost:10902"));
        assertThat(a.t()).isBetween(before, System.currentTimeMillis());
        assertThat(a.v()).isEqualTo(2);
        assertThat(app.committed.get(1).t()).as("the sample's own timestamp").isEqualTo(1000);
        assertThat(app.committed.get(2).labels()).isEqualTo(Labels.of("__name__", "up", "job", "thanos-all-in-one",
                "instance", "localhost:10902"));
        assertThat(app.committed.get(2).v()).isEqualTo(1);
    }

    @Test
    void rejectedSamplesAreSkippedAndTheRestCommitted() throws Exception {
        RecordingAppender app = new RecordingAppender();
        app.rejectNaN = true;
        SelfScraper scraper = new SelfScraper(() -> "a NaN\nb 1\n", () -> () -> app, "j", "i");
        assertThat(scraper.scrapeOnce()).isEqualTo(2);
        assertThat(app.committed).extracting(x -> x.labels().get("__name__")).containsExactly("b", "up");
    }
}
