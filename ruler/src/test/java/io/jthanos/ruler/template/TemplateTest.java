package io.jthanos.ruler.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.model.Labels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateTest {

    private static String expand(String text, double value) {
        return AlertTemplate.expand("Test", text, Labels.of("instance", "host:9090", "job", "node"),
                Labels.of("replica", "a"), "http://thanos:10902", value, null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', quoteCharacter = '\'', value = {
        // Prometheus docs/configuration/alerting_rules.md and template_examples.md
        "{{ $labels.instance }} of job {{ $labels.job }} is down # 1 # host:9090 of job node is down",
        "{{ $value | humanize }} # 1234567 # 1.235M",
        "{{ humanize $value }} # 0.0001234 # 123.4u",
        "{{ $value | humanize1024 }} # 1048576 # 1Mi",
        "{{ $value | humanizeDuration }} # 93784 # 1d 2h 3m 4s",
        "{{ $value | humanizeDuration }} # 0.0015 # 1.5ms",
        "{{ $value | humanizePercentage }} # 0.1234 # 12.34%",
        "{{ $value | humanizeTimestamp }} # 1435065584.128 # 2015-06-23 13:19:44.128 +0000 UTC",
        "{{ $value }} # 1000000 # 1e+06",
        "{{ $value }} # 0.5 # 0.5",
        "{{ printf \"%.2f\" $value }} # 3.14159 # 3.14",
        "{{ printf \"%s=%v\" \"a\" $value }} # 2 # a=2",
        "{{ \"down\" | toUpper }} # 0 # DOWN",
        "{{ title \"foo bar-baz\" }} # 0 # Foo Bar-Baz",
        "{{ if gt $value 1.0 }}high{{ else }}low{{ end }} # 2 # high",
        "{{ if gt $value 1.0 }}high{{ else if gt $value 0.5 }}mid{{ else }}low{{ end }} # 0.7 # mid",
        "{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }} # 0 # instance=host:9090;job=node;",
        "{{ range $labels }}[{{ . }}]{{ end }} # 0 # [host:9090][node]",
        "{{ $externalLabels.replica }}/{{ .ExternalURL }} # 0 # a/http://thanos:10902",
        "a  {{- \" b \" -}}  c # 0 # a b c",
        "{{/* comment */}}x # 0 # x",
        "{{ $labels.missing }}. # 0 # .",
        "{{ with $labels.job }}job={{ . }}{{ end }} # 0 # job=node",
        "{{ reReplaceAll \"(.*):.*\" \"$1\" $labels.instance }} # 0 # host",
        "{{ $labels.instance | stripPort }} # 0 # host",
        "{{ len $labels }} # 0 # 2",
        "{{ index $labels \"job\" }} # 0 # node",
        "{{ $x := 3 }}{{ $x }} # 0 # 3",
        "{{ and true \"\" }}|{{ or 0 \"y\" }} # 0 # |y",
        "{{ match \"^host\" $labels.instance }} # 0 # true",
    })
    void expandsLikePrometheus(String text, double value, String expected) {
        assertThat(expand(text, value)).isEqualTo(expected == null ? "" : expected);
    }

    @Test
    void parseErrorsReadLikeGo() {
        assertThat(AlertTemplate.parseError("HighLatency", "{{ $labels.instance "))
                .isEqualTo("template: __alert_HighLatency:1: unclosed action");
        assertThat(AlertTemplate.parseError("A", "{{ nope 1 }}"))
                .isEqualTo("template: __alert_A:1: function \"nope\" not defined");
        assertThat(AlertTemplate.parseError("A", "line\n{{ if true }}x"))
                .isEqualTo("template: __alert_A:2: unexpected EOF");
        assertThat(AlertTemplate.parseError("A", "{{ end }}")).isEqualTo("template: __alert_A:1: unexpected {{end}}");
        assertThat(AlertTemplate.parseError("A", "{{ $nope }}")).isEqualTo("template: __alert_A:1: undefined variable \"$nope\"");
        assertThat(AlertTemplate.parseError("A", "{{ $value | humanize }}")).isNull();
    }

    @Test
    void executionErrorsAreReportedInPlace() {
        assertThat(expand("{{ humanize \"abc\" }}", 0))
                .startsWith("<error expanding template: error executing template __alert_Test: template: __alert_Test:1: ")
                .contains("error calling humanize: strconv.ParseFloat: parsing \"abc\": invalid syntax");
        assertThat(expand("{{ if gt $value 1 }}x{{ end }}", 2)).contains("incompatible types for comparison");
    }

    @Test
    void templateQueryFunctionsUseTheQueryHook() {
        PrometheusFunctions.QueryFunction q = expr -> List.of(
                new GoStruct("sample", Map.of("Labels", Map.of("instance", "b"), "Value", 2.0)),
                new GoStruct("sample", Map.of("Labels", Map.of("instance", "a"), "Value", 1.0)));
        String out = AlertTemplate.expand("T", "{{ range query \"up\" | sortByLabel \"instance\" }}{{ label \"instance\" . }}={{ value . }} {{ end }}"
                + "{{ with query \"up\" }}{{ . | first | value | humanize }}{{ end }}", Labels.empty(), Labels.empty(), "", 0, q);
        assertThat(out).isEqualTo("a=1 b=2 2");
    }

    @Test
    void templateIsReusable() throws TemplateException {
        Template t = Template.parse("t", "{{ .Value }}", PrometheusFunctions.all(null, ""));
        assertThat(t.execute(new GoStruct("s", Map.of("Value", 1.5)))).isEqualTo("1.5");
        assertThatThrownBy(() -> t.execute(new GoStruct("s", Map.of())))
                .isInstanceOf(TemplateException.class).hasMessageContaining("can't evaluate field Value in type s");
    }
}
