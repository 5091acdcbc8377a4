package io.jthanos.query.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainSampleIteratorTest {
    private static List<String> drain(SampleIterator it) {
        List<String> out = new ArrayList<>();
        while (it.next() == ValueType.FLOAT) {
            out.add(it.atT() + "=" + it.atF());
        }
        return out;
    }

    @Test
    void mergesByTimestampKeepingOneSamplePerTimestamp() {
        SampleIterator it = ChainSampleIterator.of(List.of(
                ArrayIterator.of(new long[] {0, 10_000, 20_000}, new double[] {1, 2, 3}),
                ArrayIterator.of(new long[] {5_000, 10_000, 25_000}, new double[] {9, 8, 7})));
        assertThat(drain(it)).containsExactly("0=1.0", "5000=9.0", "10000=2.0", "20000=3.0", "25000=7.0");
    }

    @Test
    void seekPositionsAllIterators() {
        SampleIterator it = ChainSampleIterator.of(List.of(
                ArrayIterator.of(new long[] {0, 10_000, 20_000}, new double[] {1, 2, 3}),
                ArrayIterator.of(new long[] {5_000, 15_000, 25_000}, new double[] {9, 8, 7})));
        assertThat(it.seek(12_000)).isEqualTo(ValueType.FLOAT);
        assertThat(it.atT()).isEqualTo(15_000);
        assertThat(it.next()).isEqualTo(ValueType.FLOAT);
        assertThat(it.atT()).isEqualTo(20_000);
        assertThat(it.seek(21_000)).isEqualTo(ValueType.FLOAT);
        assertThat(it.atF()).isEqualTo(7.0);
        assertThat(it.next()).isEqualTo(ValueType.NONE);
    }

    @Test
    void boundedIteratorCutsToTheRange() {
        SampleIterator it = new BoundedSampleIterator(
                ArrayIterator.of(new long[] {0, 10_000, 20_000, 30_000}, new double[] {1, 2, 3, 4}), 5_000, 20_000);
        assertThat(drain(it)).containsExactly("10000=2.0", "20000=3.0");
    }
}
