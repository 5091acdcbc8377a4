package io.jthanos.cmd.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.model.Labels;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextFormatParserTest {

    @Test
    void parsesNamesLabelsValuesAndTimestamps() {
        List<TextFormatParser.Sample> samples = TextFormatParser.parse("""
                # HELP http_requests_total Requests.
                # TYPE http_requests_total counter
                http_requests_total{code="200",path="/a \\"b\\"\\\\c\\nd",} 1027 1395066363000
                process_cpu_seconds_total 12.5

                jvm_gc_pause_seconds_bucket{le="+Inf"} +Inf
                nan_metric{a="x, y = z"} NaN
                neg -1e-3
                """);
        assertThat(samples).hasSize(5);
        assertThat(samples.get(0).labels()).isEqualTo(Labels.of("__name__", "http_requests_total", "code", "200",
                "path", "/a \"b\"\\c\nd"));
        assertThat(samples.get(0).value()).isEqualTo(1027);
        assertThat(samples.get(0).timestamp()).isEqualTo(1395066363000L);
        assertThat(samples.get(1).labels()).isEqualTo(Labels.of("__name__", "process_cpu_seconds_total"));
        assertThat(samples.get(1).timestamp()).isNull();
        assertThat(samples.get(2).value()).isInfinite();
        assertThat(samples.get(3).value()).isNaN();
        assertThat(samples.get(3).labels().get("a")).isEqualTo("x, y = z");
        assertThat(samples.get(4).value()).isEqualTo(-0.001);
    }

    @Test
    void malformedLinesNameTheLine() {
        assertThatThrownBy(() -> TextFormatParser.parse("ok 1\nbroken{a=\"x\" 1\n"))
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> TextFormatParser.parse("no_value\n")).hasMessageContaining("line 1");
        assertThatThrownBy(() -> TextFormatParser.parse("m{a=b} 1\n")).hasMessageContaining("label=\"value\"");
    }
}
