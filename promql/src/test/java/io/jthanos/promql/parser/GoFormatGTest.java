package io.jthanos.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link GoStrings#formatG}: Go's {@code %g}, which Prometheus's messages use for floats. */
class GoFormatGTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            1e20          | 1e+20
            123456        | 123456
            1234567.5     | 1.2345675e+06
            0.0001        | 0.0001
            0.00001       | 1e-05
            -1.5e-7       | -1.5e-07
            1.7e308       | 1.7e+308
            2.5           | 2.5
            -0.5          | -0.5
            100           | 100
            """)
    void formatsLikeGo(double value, String expected) {
        assertThat(GoStrings.formatG(value)).isEqualTo(expected);
    }
}
