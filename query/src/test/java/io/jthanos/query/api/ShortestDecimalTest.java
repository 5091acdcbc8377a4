package io.jthanos.query.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link ShortestDecimal} against {@link Double#toString(double)}, and its integer logarithms against exact ones. */
class ShortestDecimalTest {
    private final ShortestDecimal shortest = new ShortestDecimal();

    private void assertJavaDigits(double v) {
        shortest.of(v);
        BigDecimal ours = BigDecimal.valueOf(shortest.significand()).scaleByPowerOfTen(shortest.exponent()).stripTrailingZeros();
        BigDecimal java = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        assertThat(ours.unscaledValue()).as("digits of %s", v).isEqualTo(java.unscaledValue());
        assertThat(ours.scale()).as("scale of %s", v).isEqualTo(java.scale());
    }

    @Test
    void digitsAreJavasOnRandomBitsAndSubnormals() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 500_000; i++) {
            double v = Double.longBitsToDouble(random.nextLong(1, 0x7ff0_0000_0000_0000L));
            assertJavaDigits(v);
        }
        for (long bits = 1; bits < 2000; bits++) {
            assertJavaDigits(Double.longBitsToDouble(bits));
        }
        for (double v : new double[] {Double.MIN_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL), Double.MAX_VALUE,
            1e23, 9007199254740991.0, 9007199254740992.0, 2, 0.3, 5e-324, 1.7976931348623157e308, 4.35, 0.1 + 0.2}) {
            assertJavaDigits(v);
        }
    }

    @Test
    void integerLogarithmsAreExact() {
        for (int q = -1200; q <= 1200; q++) {
            BigDecimal pow2 = q >= 0 ? new BigDecimal(BigInteger.ONE.shiftLeft(q))
                    : BigDecimal.ONE.divide(new BigDecimal(BigInteger.ONE.shiftLeft(-q)));
            assertThat(ShortestDecimal.floorLog10Pow2(q)).as("q=%d", q).isEqualTo(floorLog10(pow2));
            assertThat(ShortestDecimal.floorLog10ThreeQuartersPow2(q)).as("q=%d", q)
                    .isEqualTo(floorLog10(pow2.multiply(new BigDecimal("0.75"))));
        }
        for (int e = -400; e <= 400; e++) {
            BigInteger p = BigInteger.TEN.pow(Math.abs(e));
            int exact = e >= 0 ? p.bitLength() - 1 : -p.bitLength() + (p.bitCount() == 1 ? 1 : 0);
            assertThat(ShortestDecimal.floorLog2Pow10(e)).as("e=%d", e).isEqualTo(exact);
        }
    }

    private static int floorLog10(BigDecimal x) {
        return x.precision() - x.scale() - 1;
    }
}
