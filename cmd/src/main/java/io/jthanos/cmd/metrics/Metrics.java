package io.jthanos.cmd.metrics;

import io.jthanos.cmd.BuildInfo;
import io.jthanos.cmd.http.HttpResponse;
import io.jthanos.cmd.http.HttpHandler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;

/**
 * The process-wide metrics registry served on {@code /metrics}: JVM and process metrics, plus
 * {@code thanos_build_info}. Components register their own meters on {@link #registry()}.
 */
public final class Metrics implements AutoCloseable {

  /** Prometheus text exposition format 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

  /** A registry with the process, JVM and build-info metrics bound. */
  public Metrics(BuildInfo build) {
    new ProcessMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    Gauge.builder("thanos.build.info", () -> 1)
        .description("A metric with a constant '1' value labeled by version, revision, branch, and javaversion from which thanos was built.")
        .tag("version", build.version())
        .tag("revision", build.revision())
        .tag("branch", build.branch())
        .tag("javaversion", build.javaVersion())
        .register(registry);
  }

  /** The registry components register their meters on. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The {@code GET /metrics} handler. */
  public HttpHandler handler() {
    return request -> HttpResponse.of(200, CONTENT_TYPE, registry.scrape().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    gcMetrics.close();
    registry.close();
  }
}
