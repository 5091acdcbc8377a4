package io.jthanos.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelDurationTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "0s, 0",
        "2m, 120000",
        "1h30m, 5400000",
        "2w, 1209600000",
        "1y, 31536000000",
        "15d, 1296000000",
        "1d2h3m4s5ms, 93784005",
        "100ms, 100",
        "0ms, 0"
    })
    void parsesPrometheusDurations(String text, long millis) {
        assertThat(ModelDuration.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2", "2x", "1m1h", "-1m", "1.5h", "1h 30m", "h", "2M", "99999999999999999999y"})
    void rejectsWhatPrometheusRejects(String text) {
        assertThatThrownBy(() -> ModelDuration.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "|empty duration string",
        "2|not a valid duration string: \"2\"",
        "1m1h|not a valid duration string: \"1m1h\"",
        "1h1h|not a valid duration string: \"1h1h\"",
        "5y1hs|unknown unit \"hs\" in duration \"5y1hs\"",
        "2M|unknown unit \"M\" in duration \"2M\"",
        "1.5h|unknown unit \".\" in duration \"1.5h\"",
        "300y|duration out of range",
        "99999999999999999999y|not a valid duration string: \"99999999999999999999y\""
    })
    void failsWithPrometheusMessages(String text, String message) {
        assertThatThrownBy(() -> ModelDuration.parse(text == null ? "" : text)).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({"0, 0s", "120000, 2m", "5400000, 1h30m", "1209600000, 2w", "31536000000, 1y", "7776000000, 90d",
            "93784005, 1d2h3m4s5ms", "-90000, -1m30s"})
    void formatsLikePrometheus(long millis, String text) {
        assertThat(ModelDuration.format(Duration.ofMillis(millis))).isEqualTo(text);
    }
}
