package io.jthanos.receive.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.proto.prompb.Label;
import io.jthanos.proto.prompb.Sample;
import io.jthanos.proto.prompb.TimeSeries;
import io.jthanos.receive.series.ProtoSeriesBatch;
import io.jthanos.tsdb.head.HeadOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --tsdb.too-far-in-future.time-window}: samples later than now plus the window are out of bounds. */
class TooFarInFutureTest {
    private static final long NOW = 1_800_000_000_000L;

    @TempDir Path dir;

    private static TimeSeries series(String name, long... timestamps) {
        TimeSeries.Builder b = TimeSeries.newBuilder().addLabels(Label.newBuilder().setName("__name__").setValue(name));
        for (long t : timestamps) {
            b.addSamples(Sample.newBuilder().setTimestamp(t).setValue(1));
        }
        return b.build();
    }

    @Test
    void samplesBeyondTheWindowAreRefusedAsOutOfBoundsAndTheOthersWritten() throws Exception {
        try (MultiTsdb storage = new MultiTsdb(dir, new HeadTenantDbFactory(HeadOptions.defaults()),
                Labels.of("replica", "a"), "tenant_id")) {
            TenantWriter writer = new TenantWriter(storage, 60_000, () -> NOW);
            WriteOutcome out = writer.write("t", new ProtoSeriesBatch(List.of(
                    series("ok", NOW - 1_000, NOW + 60_000),
                    series("late", NOW + 30_000, NOW + 60_001, NOW + 120_000))));

            assertThat(out.samplesWritten()).isEqualTo(3);
            assertThat(out.error(0)).isNull();
            assertThat(out.error(1)).isEqualTo(new SeriesError(ErrorKind.CONFLICT,
                    "out of bounds: 2 of 3 samples rejected for {__name__=\"late\"}"));

            TenantWriter unlimited = new TenantWriter(storage);
            assertThat(unlimited.write("t", new ProtoSeriesBatch(List.of(series("far", NOW + 86_400_000))))
                    .samplesWritten()).isEqualTo(1);
        }
    }
}
