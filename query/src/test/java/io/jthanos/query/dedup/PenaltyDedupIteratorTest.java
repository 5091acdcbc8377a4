package io.jthanos.query.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Thanos's penalty dedup. Every expectation is traced by hand through the algorithm (seek each replica to
 * lastT + 1 + penalty, smaller timestamp wins, loser's penalty = 2 × gap or 5000 initially).
 */
class PenaltyDedupIteratorTest {
    private static long[] every10s(long start, int n) {
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) {
            ts[i] = start + i * 10_000L;
        }
        return ts;
    }

    private static double[] values(double start, int n) {
        double[] vs = new double[n];
        for (int i = 0; i < n; i++) {
            vs[i] = start + i;
        }
        return vs;
    }

    private static List<String> drain(SampleIterator it) {
        List<String> out = new ArrayList<>();
        while (it.next() == ValueType.FLOAT) {
            out.add(it.atT() + "=" + it.atF());
        }
        return out;
    }

    private static SampleIterator dedup(boolean counter, SampleIterator... replicas) {
        return PenaltyDedupIterator.of(List.of(replicas), counter);
    }

    @Test
    void shiftedReplicasYieldOneCleanCopy() {
        // A at 0,10s..90s; B at 5s,15s..95s. A wins at 0 (B gets 5000 penalty), then each step B is sought
        // 20 s past lastT and never wins: the output is exactly A.
        SampleIterator it = dedup(false, ArrayIterator.of(every10s(0, 10), values(1, 10)),
                ArrayIterator.of(every10s(5_000, 10), values(101, 10)));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add(i * 10_000L + "=" + (1.0 + i));
        }
        assertThat(drain(it)).containsExactlyElementsOf(expected);
    }

    @Test
    void gapInOneReplicaIsFilledFromTheOther() {
        // A lacks 30s, 40s, 50s. After A's 20s: A sought to 20001 -> 60000, B to 40001 -> 45000, so B wins and
        // A's penalty becomes 2*(45000-20000) = 50000: A is sought to 95001, is exhausted, and B carries on.
        long[] aT = {0, 10_000, 20_000, 60_000, 70_000, 80_000, 90_000};
        double[] aV = {1, 2, 3, 7, 8, 9, 10};
        SampleIterator it = dedup(false, ArrayIterator.of(aT, aV),
                ArrayIterator.of(every10s(5_000, 10), values(101, 10)));
        assertThat(drain(it)).containsExactly("0=1.0", "10000=2.0", "20000=3.0",
                "45000=105.0", "55000=106.0", "65000=107.0", "75000=108.0", "85000=109.0", "95000=110.0");
    }

    @Test
    void earlierReplicaWinsAtTheStartAndTheOtherIsPenalised() {
        // B starts first: A (at 3000) gets the initial 5000 penalty, then 2*(10000-0) = 20000 and falls out.
        SampleIterator it = dedup(false, ArrayIterator.of(new long[] {3_000, 13_000, 23_000}, new double[] {1, 2, 3}),
                ArrayIterator.of(every10s(0, 4), values(10, 4)));
        assertThat(drain(it)).containsExactly("0=10.0", "10000=11.0", "20000=12.0", "30000=13.0");
    }

    @Test
    void counterAdjustmentKeepsTheCounterFromDecreasingOnSwitch() {
        // A: 100,110,120 at 0,10s,20s then ends. B restarted earlier: 50..75 at 5s,15s..55s.
        // After A's 20s sample A is exhausted; B is sought to 40001 -> 45000 (value 70) and switching from A
        // (last value 120) adds 120 - 70 = 50 to B from then on.
        long[] bT = every10s(5_000, 6);
        double[] bV = {50, 55, 60, 65, 70, 75};
        SampleIterator counter = dedup(true, ArrayIterator.of(every10s(0, 3), new double[] {100, 110, 120}),
                ArrayIterator.of(bT, bV));
        assertThat(drain(counter)).containsExactly("0=100.0", "10000=110.0", "20000=120.0", "45000=120.0", "55000=125.0");

        SampleIterator plain = dedup(false, ArrayIterator.of(every10s(0, 3), new double[] {100, 110, 120}),
                ArrayIterator.of(bT, bV));
        assertThat(drain(plain)).containsExactly("0=100.0", "10000=110.0", "20000=120.0", "45000=70.0", "55000=75.0");
    }

    @Test
    void counterResetWithinOneReplicaIsKept() {
        // A resets (30 -> 2) with no switch: the adjustment applies only on replica switches, so the reset stays.
        SampleIterator it = dedup(true, ArrayIterator.of(every10s(0, 4), new double[] {10, 30, 2, 4}),
                ArrayIterator.of(every10s(5_000, 4), new double[] {11, 31, 3, 5}));
        assertThat(drain(it)).containsExactly("0=10.0", "10000=30.0", "20000=2.0", "30000=4.0");
    }

    @Test
    void seekStepsThroughNextSoGapsAreNotSkipped() {
        long[] aT = {0, 10_000, 20_000, 60_000, 70_000, 80_000, 90_000};
        double[] aV = {1, 2, 3, 7, 8, 9, 10};
        SampleIterator it = dedup(false, ArrayIterator.of(aT, aV), ArrayIterator.of(every10s(5_000, 10), values(101, 10)));
        assertThat(it.seek(15_000)).isEqualTo(ValueType.FLOAT);
        assertThat(it.atT()).isEqualTo(20_000);
        assertThat(it.seek(40_000)).isEqualTo(ValueType.FLOAT);
        assertThat(it.atT()).isEqualTo(45_000);
        assertThat(it.atF()).isEqualTo(105.0);
        assertThat(it.next()).isEqualTo(ValueType.FLOAT);
        assertThat(it.atT()).isEqualTo(55_000);
        assertThat(it.seek(1_000_000)).isEqualTo(ValueType.NONE);
    }

    @Test
    void threeReplicasNestPairwise() {
        // (A, B) first: A wins everywhere (as in the shifted test); C at 2s.. is penalised 5000 then 20000.
        SampleIterator it = dedup(false, ArrayIterator.of(every10s(0, 3), values(1, 3)),
                ArrayIterator.of(every10s(5_000, 3), values(11, 3)),
                ArrayIterator.of(every10s(2_000, 3), values(21, 3)));
        assertThat(drain(it)).containsExactly("0=1.0", "10000=2.0", "20000=3.0");
    }

    @Test
    void emptyReplicaIsIgnored() {
        SampleIterator it = dedup(false, ArrayIterator.of(new long[0], new double[0]),
                ArrayIterator.of(every10s(0, 2), values(1, 2)));
        assertThat(drain(it)).containsExactly("0=1.0", "10000=2.0");
    }
}
