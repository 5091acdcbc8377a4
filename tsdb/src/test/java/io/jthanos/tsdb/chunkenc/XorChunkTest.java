package io.jthanos.tsdb.chunkenc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.tsdb.encoding.CorruptBlockException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class XorChunkTest {
    static final long STALE_NAN = 0x7ff0000000000002L;

    /** Chunk bytes copied from a block written by promtool 3.5 ({@code create-blocks-from openmetrics}). */
    @Test
    void encodesExactlyLikePrometheus() {
        assertThat(hex(chunk(new long[] {1700000000000L, 1700000015000L, 1700000030000L}, 1, 2.5, 1e6)))
                .isEqualTo("000380a0abfef9623ff00000000000009875c26fff59d2954240");
        assertThat(hex(chunk(new long[] {1700000000000L}, 1.2e-05))).isEqualTo("000180a0abfef9623ee92a737110e454");
        // Go's math.NaN() is 0x7ff8000000000001, not Java's 0x7ff8000000000000.
        assertThat(hex(chunk(new long[] {1700000000000L, 1700000015000L}, -0.0, Double.longBitsToDouble(0x7ff8000000000001L))))
                .isEqualTo("000280a0abfef9628000000000000000" + "9875c007ffc0000000000008");
    }

    @Test
    void decodesGoldenBytes() {
        XorChunk c = XorChunk.wrap(HexFormat.of().parseHex("000380a0abfef9623ff00000000000009875c26fff59d2954240"));
        SampleIterator it = c.iterator(null);
        assertThat(it.next()).isEqualTo(ValueType.FLOAT);
        assertThat(it.atT()).isEqualTo(1700000000000L);
        assertThat(it.atF()).isEqualTo(1.0);
        assertThat(it.next()).isEqualTo(ValueType.FLOAT);
        assertThat(it.atF()).isEqualTo(2.5);
        assertThat(it.next()).isEqualTo(ValueType.FLOAT);
        assertThat(it.atT()).isEqualTo(1700000030000L);
        assertThat(it.atF()).isEqualTo(1e6);
        assertThat(it.next()).isEqualTo(ValueType.NONE);
        assertThat(it.next()).isEqualTo(ValueType.NONE);
    }

    @Test
    void roundTripsEdgeValuesBitExactly() {
        long[] bits = {Double.doubleToRawLongBits(Double.NaN), STALE_NAN, Double.doubleToRawLongBits(Double.POSITIVE_INFINITY),
            Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY), Double.doubleToRawLongBits(-0.0), 0L,
            Double.doubleToRawLongBits(Double.MIN_VALUE), Double.doubleToRawLongBits(Double.MAX_VALUE),
            Double.doubleToRawLongBits(-Double.MAX_VALUE), 0xFFFFFFFFFFFFFFFFL, 1L, 0x8000000000000001L, STALE_NAN, STALE_NAN,
            Double.doubleToRawLongBits(1.0), Double.doubleToRawLongBits(1.0000000000000002)};
        long[] ts = new long[bits.length];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = 1000L * i;
        }
        roundTrip(ts, bits);
    }

    @Test
    void roundTripsDodBucketBoundaries() {
        long[] dods = {0, 1, -1, 8191, 8192, -8191, -8192, 8193, 65535, 65536, -65535, -65536, 65537, 524287, 524288,
            -524287, -524288, 524289, -524289, 1L << 40, -(1L << 40), 1L << 31, 3_600_000, -3_599_999};
        long[] ts = new long[dods.length + 2];
        ts[0] = -5_000_000_000L;
        ts[1] = ts[0] + 10_000_000_000L; // a huge first delta leaves room for negative dods
        long delta = ts[1] - ts[0];
        for (int i = 0; i < dods.length; i++) {
            delta += dods[i];
            ts[i + 2] = ts[i + 1] + delta;
        }
        long[] bits = new long[ts.length];
        Arrays.fill(bits, Double.doubleToRawLongBits(42));
        roundTrip(ts, bits);
        assertThat(XorAppender.bitRange(8192, 14)).isTrue();
        assertThat(XorAppender.bitRange(-8192, 14)).isFalse();
    }

    @Test
    void randomizedRoundTrips() {
        Random r = new Random(7);
        for (int round = 0; round < 300; round++) {
            int n = 1 + r.nextInt(round % 10 == 0 ? 2000 : 240);
            long[] ts = new long[n];
            long[] bits = new long[n];
            long t = r.nextLong() >> (r.nextInt(40) + 1);
            double v = r.nextDouble() * 100;
            int mode = r.nextInt(5);
            for (int i = 0; i < n; i++) {
                t += switch (mode) {
                    case 0 -> 15_000;
                    case 1 -> 15_000 + r.nextInt(200) - 100;
                    case 2 -> 1 + (long) r.nextInt(1 << r.nextInt(31));
                    case 3 -> 1 + (r.nextLong() >>> (28 + r.nextInt(30)));
                    default -> 1 + r.nextInt(3);
                };
                ts[i] = t;
                v = switch (r.nextInt(8)) {
                    case 0 -> v;
                    case 1 -> v + 1;
                    case 2 -> Double.longBitsToDouble(r.nextLong());
                    case 3 -> Math.round(v + r.nextGaussian() * 10);
                    case 4 -> r.nextBoolean() ? Double.longBitsToDouble(STALE_NAN) : Double.NaN;
                    case 5 -> r.nextDouble() * Math.pow(10, r.nextInt(600) - 300);
                    default -> v * (1 + r.nextGaussian() * 1e-3);
                };
                bits[i] = Double.doubleToRawLongBits(v);
            }
            roundTrip(ts, bits);
        }
    }

    /**
     * Like Prometheus, a reopened appender takes the leading/trailing window from the decoder, which has
     * none (0/0) until a '11' value was read; so bytes only equal a one-pass encoding once the first part
     * holds a changed value. Either way the samples decode.
     */
    @Test
    void appendingToAReopenedChunkEqualsWritingItInOneGo() {
        Random r = new Random(3);
        for (int round = 0; round < 50; round++) {
            int n = 3 + r.nextInt(200);
            int cut = 2 + r.nextInt(n - 2);
            XorChunk whole = new XorChunk();
            XorAppender a = whole.appender();
            XorChunk first = new XorChunk();
            XorAppender fa = first.appender();
            long t = 1000;
            long[] ts = new long[n];
            double[] vs = new double[n];
            for (int i = 0; i < n; i++) {
                t += 1000 + r.nextInt(3);
                ts[i] = t;
                vs[i] = i == 1 ? vs[0] + 1 : r.nextInt(4) == 0 ? vs[Math.max(0, i - 1)] : r.nextInt(100) / 4.0;
                a.append(ts[i], vs[i]);
                if (i < cut) {
                    fa.append(ts[i], vs[i]);
                }
            }
            XorChunk reopened = XorChunk.wrap(first.toByteArray());
            XorAppender ra = reopened.appender();
            for (int i = cut; i < n; i++) {
                ra.append(ts[i], vs[i]);
            }
            assertThat(reopened.toByteArray()).isEqualTo(whole.toByteArray());
        }
        XorChunk one = chunk(new long[] {1}, 5);
        XorChunk reopened = XorChunk.wrap(one.toByteArray());
        reopened.appender().append(2, 6);
        SampleIterator it = reopened.iterator(null);
        assertThat(it.next()).isEqualTo(ValueType.FLOAT);
        assertThat(it.next()).isEqualTo(ValueType.FLOAT);
        assertThat(it.atT()).isEqualTo(2);
        assertThat(it.atF()).isEqualTo(6);
    }

    @Test
    void seekFindsFirstSampleAtOrAfterAndNeverGoesBack() {
        long[] ts = {10, 20, 30, 40};
        XorChunk c = chunk(ts, 1, 2, 3, 4);
        SampleIterator it = c.iterator(null);
        assertThat(it.seek(5)).isEqualTo(ValueType.FLOAT);
        assertThat(it.atT()).isEqualTo(10);
        assertThat(it.seek(21)).isEqualTo(ValueType.FLOAT);
        assertThat(it.atT()).isEqualTo(30);
        assertThat(it.seek(10)).isEqualTo(ValueType.FLOAT);
        assertThat(it.atT()).isEqualTo(30);
        assertThat(it.seek(41)).isEqualTo(ValueType.NONE);
        assertThat(it.seek(0)).isEqualTo(ValueType.NONE);
        assertThat(it.next()).isEqualTo(ValueType.NONE);
        SampleIterator reused = c.iterator(it);
        assertThat(reused).isSameAs(it);
        assertThat(reused.seek(40)).isEqualTo(ValueType.FLOAT);
        assertThat(reused.atF()).isEqualTo(4);
    }

    @Test
    void emptyChunkHasNoSamples() {
        XorChunk c = new XorChunk();
        assertThat(c.numSamples()).isZero();
        assertThat(hex(c)).isEqualTo("0000");
        assertThat(c.iterator(null).next()).isEqualTo(ValueType.NONE);
        SampleIterator reused = chunk(new long[] {1, 2}, 1, 2).iterator(null);
        reused.next();
        assertThat(c.iterator(reused).seek(0)).as("a reused iterator over an empty chunk").isEqualTo(ValueType.NONE);
        assertThat(reused.next()).isEqualTo(ValueType.NONE);
    }

    @Test
    void truncatedChunkRaisesCorruptionNotWrongData() {
        byte[] full = chunk(new long[] {1, 2, 3, 5, 100, 1000}, 1, 2.5, 3.75, 1e300, -7, 0.1).toByteArray();
        for (int len = 2; len < full.length; len++) {
            SampleIterator it = XorChunk.wrap(Arrays.copyOf(full, len)).iterator(null);
            int read = 0;
            boolean corrupt = false;
            try {
                while (it.next() == ValueType.FLOAT) {
                    read++;
                }
            } catch (UncheckedIOException e) {
                assertThat(e.getCause()).isInstanceOf(CorruptBlockException.class);
                corrupt = true;
            }
            assertThat(corrupt).as("length %d", len).isTrue();
            assertThat(read).isLessThan(6);
            // a caller that swallows the exception still gets no samples out of the half-decoded chunk
            assertThatThrownBy(it::next).isInstanceOf(UncheckedIOException.class);
            assertThatThrownBy(() -> it.seek(0)).isInstanceOf(UncheckedIOException.class);
        }
    }

    @Test
    void histogramAndAggregateChunksAreNeverReadAsFloats() {
        MemorySegment data = MemorySegment.ofArray(new byte[] {0, 1, 2, 3});
        for (Encoding e : new Encoding[] {Encoding.HISTOGRAM, Encoding.FLOAT_HISTOGRAM, Encoding.AGGR, Encoding.XOR2}) {
            Chunk c = Chunks.fromEncoding(e, data);
            assertThat(c.encoding()).isEqualTo(e);
            assertThat(c.bytes().byteSize()).isEqualTo(4);
            assertThatThrownBy(() -> c.iterator(null)).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining(e.name());
        }
        assertThat(Chunks.fromEncoding(Encoding.XOR, MemorySegment.ofArray(new byte[] {0, 0}))).isInstanceOf(XorChunk.class);
        assertThatThrownBy(() -> Chunks.fromEncoding(Encoding.XOR, MemorySegment.ofArray(new byte[1])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static XorChunk chunk(long[] ts, double... vs) {
        XorChunk c = new XorChunk();
        XorAppender a = c.appender();
        for (int i = 0; i < ts.length; i++) {
            a.append(ts[i], vs[i]);
        }
        return c;
    }

    static String hex(XorChunk c) {
        return HexFormat.of().formatHex(c.toByteArray());
    }

    private static void roundTrip(long[] ts, long[] bits) {
        XorChunk c = new XorChunk();
        XorAppender a = c.appender();
        for (int i = 0; i < ts.length; i++) {
            a.append(ts[i], Double.longBitsToDouble(bits[i]));
        }
        assertThat(c.numSamples()).isEqualTo(ts.length);
        for (XorChunk view : new XorChunk[] {c, XorChunk.wrap(c.toByteArray())}) {
            XorIterator it = view.xorIterator(null);
            for (int i = 0; i < ts.length; i++) {
                assertThat(it.next()).isEqualTo(ValueType.FLOAT);
                assertThat(it.atT()).as("t[%d]", i).isEqualTo(ts[i]);
                assertThat(it.atBits()).as("bits[%d]", i).isEqualTo(bits[i]);
            }
            assertThat(it.next()).isEqualTo(ValueType.NONE);
        }
    }
}
