package io.jthanos.query.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fast sample-value writer ({@link SampleValueFormat}) against the simple reference
 * ({@link ResultJson#goFloat}) on many doubles, and both against Go's output where Java's digits differ.
 */
class SampleValueFormatTest {
    private final SampleValueFormat format = new SampleValueFormat();
    private final byte[] buffer = new byte[SampleValueFormat.MAX_LENGTH + 8];

    private String fast(double v) {
        buffer[0] = 'x';
        int end = format.write(v, buffer, 1);
        assertThat(end - 1).as("length of %s", v).isLessThanOrEqualTo(SampleValueFormat.MAX_LENGTH);
        return new String(buffer, 1, end - 1, StandardCharsets.US_ASCII);
    }

    private void assertSame(double v) {
        assertThat(fast(v)).as("bits %x (%s)", Double.doubleToRawLongBits(v), v).isEqualTo(ResultJson.goFloat(v));
    }

    @Test
    void randomBitPatternsMatchTheReference() {
        SplittableRandom random = new SplittableRandom(20261121);
        for (int i = 0; i < 300_000; i++) {
            assertSame(Double.longBitsToDouble(random.nextLong()));
        }
    }

    @Test
    void valuesAsSeriesHaveThemMatchTheReference() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            double v = switch (i % 8) {
                case 0 -> random.nextLong(-1L << 53, 1L << 53); // integers, counters
                case 1 -> random.nextInt(-100_000, 100_000) / 1000.0; // rates with few decimals
                case 2 -> random.nextDouble() * Math.pow(10, random.nextInt(-30, 30)); // any magnitude
                case 3 -> -random.nextDouble() * Math.pow(10, random.nextInt(-330, 309));
                case 4 -> random.nextLong() / 7.0; // integers at and beyond 1e15
                case 5 -> Math.pow(10, random.nextInt(-325, 309)); // exact powers of ten and their neighbours
                case 6 -> Math.nextUp(Math.pow(10, random.nextInt(-20, 25)) * (random.nextBoolean() ? 1 : -1));
                default -> Double.longBitsToDouble(random.nextLong(0, 1L << 20)); // deep subnormals
            };
            assertSame(v);
        }
    }

    @Test
    void millionsOfDoublesOfEveryKindMatchTheReference() {
        // The digits come from ShortestDecimal (Schubfach): every kind of double it could get wrong.
        SplittableRandom random = new SplittableRandom(20261121L * 31);
        for (int i = 0; i < 3_000_000; i++) {
            double v = switch (i % 8) {
                case 0 -> Double.longBitsToDouble(random.nextLong()); // random bits, any sign and magnitude
                case 1 -> { // decimals with 1 to 17 significant digits
                    int digits = random.nextInt(1, 18);
                    long significand = random.nextLong((long) Math.pow(10, digits - 1), (long) Math.pow(10, digits));
                    yield Double.parseDouble(significand + "e" + random.nextInt(-40, 40));
                }
                case 2 -> Double.parseDouble(random.nextLong(1, 1L << 53) + "e" + random.nextInt(-330, 300));
                case 3 -> { // at and next to powers of ten
                    double p = Double.parseDouble("1e" + random.nextInt(-323, 309));
                    yield switch (random.nextInt(3)) {
                        case 0 -> p;
                        case 1 -> Math.nextUp(p);
                        default -> Math.nextDown(p);
                    };
                }
                case 4 -> (double) random.nextLong(1L << 53, Long.MAX_VALUE) * (random.nextBoolean() ? 1 : 1L << random.nextInt(20));
                case 5 -> Double.longBitsToDouble(random.nextLong(1L << 52, 1L << 62)); // tiny normals to huge
                case 6 -> random.nextInt(1, 1_000_000) / (double) random.nextInt(1, 100_000); // rates
                default -> Math.scalb((double) random.nextLong(1, 1L << 53), random.nextInt(-1074, 972)); // powers of two
            };
            assertSame(random.nextBoolean() ? v : -v);
        }
    }

    @Test
    void boundariesMatchTheReference() {
        double[] values = {0, -0.0, 1, -1, 0.1, 0.5, 1.5, 1e-6, Math.nextDown(1e-6), Math.nextUp(1e-6), 1e21, Math.nextDown(1e21),
            1e15, Math.nextDown(1e15), Math.nextUp(1e15), 9007199254740991.0, 9007199254740993.0, 1e20, 1e-7, 1e-3, 1e7,
            123456789.125, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL),
            Long.MAX_VALUE, (double) Long.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (double v : values) {
            assertSame(v);
            assertSame(-v);
        }
    }

    @Test
    void deepSubnormalsAreWrittenAsGoWritesThem() {
        // strconv.AppendFloat(v, 'e', -1, 64) in Go; Java's Double.toString says 4.9E-324 and 9.9E-324.
        assertThat(fast(Double.MIN_VALUE)).isEqualTo("5e-324");
        assertThat(fast(2 * Double.MIN_VALUE)).isEqualTo("1e-323");
        assertThat(fast(3 * Double.MIN_VALUE)).isEqualTo("1.5e-323");
        assertThat(fast(-Double.MIN_VALUE)).isEqualTo("-5e-324");
        assertThat(ResultJson.goFloat(Double.MIN_VALUE)).isEqualTo("5e-324");
        assertThat(ResultJson.goFloat(-2 * Double.MIN_VALUE)).isEqualTo("-1e-323");
    }

    @Test
    void longsAreWrittenInDecimal() {
        byte[] b = new byte[24];
        SplittableRandom random = new SplittableRandom(5);
        java.util.List<Long> values = new java.util.ArrayList<>(java.util.List.of(0L, 7L, -7L, 9L, 10L, 99L, 100L,
                (long) Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L,
                Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1));
        for (int i = 0; i < 100_000; i++) {
            values.add(random.nextLong() >> random.nextInt(64));
        }
        for (long l : values) {
            int end = SampleValueFormat.writeLong(l, b, 0);
            assertThat(new String(b, 0, end, StandardCharsets.US_ASCII)).isEqualTo(Long.toString(l));
        }
    }

    @Test
    void millionsOfPlainFormValuesMatchTheReference() {
        // The plain-form fast path (1e-6 <= |v| < 1e21, digits written in place): every magnitude, digit count,
        // point position and trailing-zero count, including the rate-like long decimals of real answers.
        SplittableRandom random = new SplittableRandom(20261121L * 37);
        for (int i = 0; i < 2_000_000; i++) {
            double v = switch (i % 6) {
                case 0 -> random.nextDouble() * Math.pow(10, random.nextInt(-6, 21)); // any digits, any point position
                case 1 -> random.nextLong(1, 1_000_000) / (double) random.nextLong(1, 100_000); // rates: 0.35555555555555557
                case 2 -> random.nextLong(1, 1L << 53) / Math.pow(10, random.nextInt(0, 23)); // 1-16 digits, zeros after
                case 3 -> Math.nextUp(Math.pow(10, random.nextInt(-6, 21))); // neighbours of powers of ten
                case 4 -> Math.nextDown(Math.pow(10, random.nextInt(-5, 22)));
                default -> random.nextLong(1L << 50, Long.MAX_VALUE) * Math.pow(10, random.nextInt(-24, 3)); // 17 digits
            };
            assertSame(random.nextBoolean() ? v : -v);
        }
    }

    @Test
    void decimalLengthIsTheDigitCount() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 1_000_000; i++) {
            long l = random.nextLong(0, Long.MAX_VALUE) >> random.nextInt(63);
            assertThat(SampleValueFormat.decimalLength(l)).as("%d", l).isEqualTo(SampleValueFormat.digitCountByLoop(l));
        }
        long p = 1;
        for (int d = 1; d <= 18; d++, p *= 10) {
            assertThat(SampleValueFormat.decimalLength(p - 1)).isEqualTo(Math.max(1, d - 1));
            assertThat(SampleValueFormat.decimalLength(p)).isEqualTo(d);
            assertThat(SampleValueFormat.decimalLength(p + 1)).isEqualTo(d);
        }
        assertThat(SampleValueFormat.decimalLength(Long.MAX_VALUE)).isEqualTo(19);
    }
}
