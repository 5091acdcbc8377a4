package io.jthanos.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.tsdb.wal.DurabilityMode;
import io.jthanos.tsdb.wal.WalOptions;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The head's metrics as a Prometheus registry exposes them: every one registered is scraped. */
class HeadMetricsTest {
    @TempDir Path dir;

    @Test
    void everyHeadMetricIsExposedUnderItsPrometheusName() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HeadOptions options = HeadOptions.defaults().withWal(WalOptions.defaults().withDurability(DurabilityMode.NONE));
        try (Head head = Head.open(dir, options, Long.MIN_VALUE, registry)) {
            HeadAppender app = head.appender();
            app.append(0, Labels.of("__name__", "up", "job", "a"), 1_000, 1);
            app.append(0, Labels.of("__name__", "up", "job", "b"), 1_000, 1);
            app.commit();
            String scrape = registry.scrape();
            for (Meter m : registry.getMeters()) {
                String name = m.getId().getName();
                assertThat(scrape).as("%s in%n%s", name, scrape).containsPattern("(?m)^" + name + "(_total|_count)?[ {]");
            }
            assertThat(scrape).containsPattern("(?m)^prometheus_tsdb_head_series 2.0$");
            assertThat(scrape).containsPattern("(?m)^prometheus_tsdb_head_samples_appended_total\\{type=\"float\"} 2.0$");
        }
    }
}
