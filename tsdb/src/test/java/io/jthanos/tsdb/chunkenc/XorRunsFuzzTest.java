package io.jthanos.tsdb.chunkenc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.tsdb.encoding.CorruptBlockException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Aims at the decoder's run path: samples with delta-of-delta 0 and an unchanged value are two zero
 * bits each, and the decoder fills a whole run of them at once. The series here are runs of such
 * samples (lengths of 1, around the 31 a 62-bit window holds, and long ones) separated by samples that
 * break a run in each way the format allows (a changed value, a nonzero dod, a stale NaN), preceded by
 * a random prefix so that runs start at every bit offset of the window, and often ending at the chunk end.
 */
class XorRunsFuzzTest {
    private static final long STALE_NAN = 0x7ff0000000000002L;

    @Test
    void runsDecodeExactlyAtEveryBitOffset() {
        Random r = new Random(31337);
        for (int round = 0; round < 4000; round++) {
            long[][] s = series(r);
            long[] ts = s[0];
            long[] bits = s[1];
            XorChunk c = new XorChunk();
            XorAppender a = c.appender();
            for (int i = 0; i < ts.length; i++) {
                a.append(ts[i], Double.longBitsToDouble(bits[i]));
            }
            byte[] data = c.toByteArray();
            assertThat(data).as("round %d bytes", round).isEqualTo(XorFuzzTest.ReferenceEncoder.encode(ts, bits, ts.length));
            XorIterator it = XorChunk.wrap(data).xorIterator(null);
            for (int i = 0; i < ts.length; i++) {
                assertThat(it.next() == ValueType.FLOAT).as("round %d sample %d exists", round, i).isTrue();
                if (it.atT() != ts[i] || it.atBits() != bits[i]) {
                    assertThat(new long[] {it.atT(), it.atBits()}).as("round %d sample %d of %d", round, i, ts.length)
                            .containsExactly(ts[i], bits[i]);
                }
            }
            assertThat(it.next()).isEqualTo(ValueType.NONE);

            // seek into the middle of a run (any sample, or just before or after it)
            int k = r.nextInt(ts.length);
            long target = ts[k] + (r.nextInt(3) - 1);
            int expect = 0;
            while (expect < ts.length && ts[expect] < target) {
                expect++;
            }
            SampleIterator sit = XorChunk.wrap(data).iterator(null);
            if (r.nextBoolean() && k > 0) {
                sit.next(); // seek from a started iterator too
            }
            ValueType vt = sit.seek(target);
            if (expect == ts.length) {
                assertThat(vt).isEqualTo(ValueType.NONE);
            } else {
                assertThat(vt).as("round %d seek", round).isEqualTo(ValueType.FLOAT);
                assertThat(sit.atT()).isEqualTo(ts[expect]);
                assertThat(Double.doubleToRawLongBits(sit.atF())).isEqualTo(bits[expect]);
            }
        }
    }

    /** A chunk ending in a run, cut short: the run must not be completed from the zero padding. */
    @Test
    void truncatedRunRaisesCorruption() {
        Random r = new Random(7);
        for (int round = 0; round < 300; round++) {
            int n = 3 + r.nextInt(300);
            long[] ts = new long[n];
            long[] bits = new long[n];
            long v = r.nextLong();
            for (int i = 0; i < n; i++) {
                ts[i] = 1000L * i;
                bits[i] = i < 2 + r.nextInt(3) ? r.nextLong() : v;
            }
            byte[] full = XorFuzzTest.ReferenceEncoder.encode(ts, bits, n);
            for (int cut = 1; cut <= Math.min(12, full.length - 2); cut++) {
                XorIterator it = XorChunk.wrap(Arrays.copyOf(full, full.length - cut)).xorIterator(null);
                assertThatThrownBy(it::next).as("round %d cut %d", round, cut).isInstanceOf(UncheckedIOException.class)
                        .hasCauseInstanceOf(CorruptBlockException.class);
            }
        }
    }

    private static long[][] series(Random r) {
        int n = 1 + r.nextInt(r.nextInt(8) == 0 ? 2000 : 300);
        long[] ts = new long[n];
        long[] bits = new long[n];
        long t = 1_700_000_000_000L + r.nextInt(100_000);
        long delta = new long[] {1, 1000, 5000, 15_000, 60_000}[r.nextInt(5)];
        long v = Double.doubleToRawLongBits(r.nextInt(1000) / 4.0);
        int prefix = r.nextInt(40); // random samples first, so that runs start at any bit offset
        int i = 0;
        while (i < n) {
            if (i < prefix) {
                v = r.nextBoolean() ? r.nextLong() : v ^ (1L << r.nextInt(64));
                delta += r.nextInt(4) == 0 ? r.nextInt(2001) - 1000 : 0;
                delta = Math.max(1, delta);
            } else {
                int run = switch (r.nextInt(8)) {
                    case 0 -> 1;
                    case 1 -> 2;
                    case 2 -> 30 + r.nextInt(4);
                    case 3 -> 61 + r.nextInt(5);
                    case 4 -> n; // to the chunk end
                    default -> 1 + r.nextInt(150);
                };
                for (int end = Math.min(n, i + run); i < end; i++) {
                    ts[i] = t;
                    bits[i] = v;
                    t += delta;
                }
                if (i == n) {
                    break;
                }
                switch (r.nextInt(6)) {
                    case 0 -> v = v == STALE_NAN ? Double.doubleToRawLongBits(r.nextInt(100)) : STALE_NAN;
                    case 1 -> delta = Math.max(1, delta + r.nextInt(21) - 10); // a dod that is not 0
                    case 2 -> v ^= 1L << r.nextInt(64);
                    case 3 -> v += 1; // a counter step
                    case 4 -> v = r.nextLong();
                    default -> {
                        // a single stale marker inside a run: the run goes on with the same value after it
                        ts[i] = t;
                        bits[i] = STALE_NAN;
                        t += delta;
                        i++;
                        continue;
                    }
                }
            }
            ts[i] = t;
            bits[i] = v;
            t += delta;
            i++;
        }
        return new long[][] {ts, bits};
    }
}
