package io.jthanos.tsdb.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.model.Labels;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordsTest {
    @Test
    void seriesRoundTripAndPrometheusBytes() throws Exception {
        byte[] rec = Records.encodeSeries(new long[] {1}, new Labels[] {Labels.of("a", "b")}, 1);
        // type 1, ref 1 BE64, 1 label, "a", "b"
        assertThat(HexFormat.of().formatHex(rec)).isEqualTo("01" + "0000000000000001" + "01" + "0161" + "0162");
        List<String> out = new ArrayList<>();
        Records.decodeSeries(rec, rec.length, (ref, ls) -> out.add(ref + " " + ls));
        assertThat(out).containsExactly("1 {a=\"b\"}");
    }

    @Test
    void samplesRoundTripWithNegativeDeltas() throws Exception {
        SampleBatch in = new SampleBatch(1);
        in.add(10, 1000, 1.5);
        in.add(3, 999, Double.NaN);
        in.add(Long.MAX_VALUE / 2, -5, -0.0);
        byte[] rec = Records.encodeSamples(in);
        SampleBatch out = new SampleBatch();
        Records.decodeSamples(rec, rec.length, out);
        assertThat(out.size()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(out.ref(i)).isEqualTo(in.ref(i));
            assertThat(out.t(i)).isEqualTo(in.t(i));
            assertThat(Double.doubleToRawLongBits(out.v(i))).isEqualTo(Double.doubleToRawLongBits(in.v(i)));
        }
        // Go's zig-zag varint: ref delta -7 encodes as 13
        assertThat(rec[1 + 16 + 1 + 1 + 8]).isEqualTo((byte) 13);
    }

    @Test
    void truncatedRecordIsAFormatError() {
        SampleBatch in = new SampleBatch();
        in.add(1, 2, 3);
        byte[] rec = Records.encodeSamples(in);
        assertThatThrownBy(() -> Records.decodeSamples(rec, rec.length - 1, new SampleBatch()))
                .isInstanceOf(Records.RecordFormatException.class);
    }
}
