package io.jthanos.query.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Sample values are written as Prometheus's {@code jsonutil.MarshalValue} writes them, byte for byte. */
class SampleValueJsonTest {
    @Test
    void tinyAndHugeValuesUseTheExponentFormLikePrometheus() {
        double[] values = {7.36e-7, 1e-7, -2.5e-9, 1e-6, 0.000009816, 0, -0.0, 1, 0.1, 123456789.125, 1e20, 1e21, -1.5e300,
                Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        JsonWriter w = new JsonWriter().beginArray();
        for (double v : values) {
            w.sampleValue(v);
        }
        assertThat(w.endArray().toJson()).isEqualTo("[\"7.36e-07\",\"1e-07\",\"-2.5e-09\",\"0.000001\",\"0.000009816\",\"0\","
                + "\"-0\",\"1\",\"0.1\",\"123456789.125\",\"100000000000000000000\",\"1e+21\",\"-1.5e+300\","
                + "\"NaN\",\"+Inf\",\"-Inf\"]");
    }
}
