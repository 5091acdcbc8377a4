package io.jthanos.cmd.e2e;

import java.util.List;

/** Prometheus configurations for the e2e tests. */
final class PrometheusConfig {
    private PrometheusConfig() {}

    /**
     * Scrapes itself (job {@code prometheus}) and {@code targets} (job {@code jthanos}) every second and
     * remote-writes everything to {@code remoteWriteUrl} with short batching and backoff.
     */
    static String scrapingAndRemoteWriting(String self, List<String> targets, String remoteWriteUrl) {
        return """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: prometheus
                    static_configs:
                      - targets: ["%s"]
                  - job_name: jthanos
                    static_configs:
                      - targets: ["%s"]
                remote_write:
                  - url: %s
                    queue_config:
                      batch_send_deadline: 1s
                      min_backoff: 50ms
                      max_backoff: 1s
                    metadata_config:
                      send: false
                """.formatted(self, String.join("\", \"", targets), remoteWriteUrl);
    }
}
