package io.jthanos.query.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Go's JSON forms of numbers and times that Prometheus's rules API uses. */
class RulesJsonTest {
    @Test
    void numbersAsGoEncodingJson() {
        assertThat(RulesJson.goNumber(1)).isEqualTo("1");
        assertThat(RulesJson.goNumber(0)).isEqualTo("0");
        assertThat(RulesJson.goNumber(3600)).isEqualTo("3600");
        assertThat(RulesJson.goNumber(0.000331744)).isEqualTo("0.000331744");
        assertThat(RulesJson.goNumber(1.5e-7)).isEqualTo("1.5e-7");
        assertThat(RulesJson.goNumber(1e21)).isEqualTo("1e+21");
    }

    @Test
    void timesAsGoRfc3339Nano() {
        assertThat(RulesJson.time(RuleProtos.timestamp(0))).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(RulesJson.time(RuleProtos.timestamp(1_500))).isEqualTo("1970-01-01T00:00:01.5Z");
        assertThat(RulesJson.time(com.google.protobuf.Timestamp.newBuilder().setSeconds(1).setNanos(773000093).build()))
                .isEqualTo("1970-01-01T00:00:01.773000093Z");
    }

    @Test
    void alertValuesAsGoFormatFloat() {
        assertThat(RuleProtos.alertValue(1)).isEqualTo("1e+00");
        assertThat(RuleProtos.alertValue(1500)).isEqualTo("1.5e+03");
        assertThat(RuleProtos.alertValue(Double.NaN)).isEqualTo("NaN");
        assertThat(RuleProtos.alertValue(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    }
}
