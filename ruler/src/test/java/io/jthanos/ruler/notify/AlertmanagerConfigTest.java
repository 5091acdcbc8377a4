package io.jthanos.ruler.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.model.Labels;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertmanagerConfigTest {

    @Test
    void staticConfigs() {
        List<AlertmanagerConfig.Endpoint> e = AlertmanagerConfig.parse("""
                alertmanagers:
                  - static_configs: ["am-0:9093", "am-1:9093"]
                    path_prefix: am/
                    timeout: 5s
                  - static_configs: ["am-2:9093"]
                    scheme: https
                """, Duration.ofSeconds(10));
        assertThat(e).containsExactly(
                new AlertmanagerConfig.Endpoint(URI.create("http://am-0:9093/am"), Duration.ofSeconds(5)),
                new AlertmanagerConfig.Endpoint(URI.create("http://am-1:9093/am"), Duration.ofSeconds(5)),
                new AlertmanagerConfig.Endpoint(URI.create("https://am-2:9093"), Duration.ofSeconds(10)));
        assertThatThrownBy(() -> AlertmanagerConfig.parse("alertmanagers:\n  - api_version: v1\n", Duration.ZERO))
                .hasMessageContaining("only v2");
        List<AlertmanagerConfig.Endpoint> auth = AlertmanagerConfig.parse("""
                alertmanagers:
                  - static_configs: ["am:9093"]
                    http_config:
                      basic_auth: {username: u, password: p}
                """, Duration.ZERO);
        assertThat(auth).singleElement().satisfies(a -> assertThat(a.http().authorization()).isEqualTo("Basic dTpw"));
        assertThatThrownBy(() -> AlertmanagerConfig.parse("""
                alertmanagers:
                  - static_configs: ["am:9093"]
                    http_config:
                      proxy_url: http://proxy:3128
                """, Duration.ZERO))
                .hasMessage("--alertmanagers.config: http_config.proxy_url is not supported yet by jthanos");
        assertThatThrownBy(() -> AlertmanagerConfig.parse("alertmanagers:\n  - static_config: [\"am:9093\"]\n", Duration.ZERO))
                .hasMessage("--alertmanagers.config: alertmanagers[].static_config is not a known field");
        assertThatThrownBy(() -> AlertmanagerConfig.fromUrls(List.of("dnssrv+http://am"), Duration.ZERO))
                .hasMessageContaining("not supported");
    }

    @Test
    void payloadIsAlertmanagerV2() {
        byte[] body = AlertmanagerSender.encode(List.of(new PostableAlert(Labels.of("alertname", "A", "x", "y"),
                Map.of("summary", "s"), 1_000, 2_500, "http://q/graph")));
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("[{\"labels\":{\"alertname\":\"A\",\"x\":\"y\"},"
                + "\"annotations\":{\"summary\":\"s\"},\"startsAt\":\"1970-01-01T00:00:01Z\","
                + "\"endsAt\":\"1970-01-01T00:00:02.500Z\",\"generatorURL\":\"http://q/graph\"}]");
    }
}
