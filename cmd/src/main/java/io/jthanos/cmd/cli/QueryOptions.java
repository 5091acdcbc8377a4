package io.jthanos.cmd.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Flags of {@code thanos query} (Thanos v0.42) that jthanos models; defaults as in Thanos. */
public final class QueryOptions {

  static final List<String> UNSUPPORTED = List.of(
      "--endpoint-group", "--endpoint-group-strict", "--endpoint.sd-config-file", "--endpoint.sd-config",
      "--endpoint.sd-config-reload-interval", "--store.sd-files", "--store.sd-interval", "--store.sd-dns-interval",
      "--grpc-client-tls-cert", "--grpc-client-tls-key", "--grpc-client-tls-ca", "--grpc-client-server-name",
      "--[no-]grpc-client-tls-secure", "--[no-]grpc-client-tls-skip-verify", "--grpc-compression",
      "--web.route-prefix", "--web.external-prefix", "--web.prefix-header", "--[no-]web.disable-cors",
      "--query.mode", "--query.tenant-header", "--query.default-tenant-id", "--query.tenant-label-name",
      "--[no-]query.enforce-tenancy", "--query.tenant-certificate-field", "--query.conn-metric.label",
      "--query.partition-label", "--[no-]query.enable-x-functions", "--enable-feature",
      "--query.telemetry.request-duration-seconds-quantiles", "--query.telemetry.request-samples-quantiles",
      "--query.telemetry.request-series-seconds-quantiles", "--query.active-query-path",
      "--selector.relabel-config-file", "--selector.relabel-config", "--alert.query-url",
      "--request.logging-config-file", "--request.logging-config", "--store.limits.request-series",
      "--store.limits.request-samples", "--query.metadata.default-time-range",
      "--query.instant.default.max_source_resolution", "--[no-]query.dynamic-lookback-delta");

  @Option(names = "--endpoint", paramLabel = "<endpoint>",
      description = "Addresses of statically configured StoreAPI/Info endpoints (repeatable).")
  public List<String> endpoints = new ArrayList<>();

  @Option(names = "--endpoint-strict", paramLabel = "<endpoint>",
      description = "Addresses of endpoints that are always used, even if the health check fails (repeatable).")
  public List<String> strictEndpoints = new ArrayList<>();

  @Option(names = "--query.replica-label", description = "Labels to treat as a replica indicator along which data is deduplicated (repeatable).")
  public List<String> replicaLabels = new ArrayList<>();

  @Option(names = "--deduplication.func", defaultValue = "penalty",
      description = "Deduplication algorithm for merging overlapping series: penalty, chain.")
  public String deduplicationFunc;

  @Option(names = "--selector-label", paramLabel = "key=\"value\"",
      description = "Query selector labels that will be exposed in info endpoint (repeatable).")
  public List<String> selectorLabels = new ArrayList<>();

  @Option(names = "--query.timeout", defaultValue = "2m", converter = Converters.DurationConverter.class,
      description = "Maximum time to process query by query node.")
  public Duration timeout;

  @Option(names = "--query.max-concurrent", defaultValue = "20", description = "Maximum number of queries processed concurrently by query node.")
  public int maxConcurrent;

  @Option(names = "--query.max-concurrent-select", defaultValue = "4", description = "Maximum number of select requests made concurrently per a query.")
  public int maxConcurrentSelect;

  @Option(names = "--query.lookback-delta", defaultValue = "0s", converter = Converters.DurationConverter.class,
      description = "The maximum lookback duration for retrieving metrics during expression evaluations; 0 means 5m.")
  public Duration lookbackDelta;

  @Option(names = "--query.default-step", defaultValue = "1s", converter = Converters.DurationConverter.class,
      description = "Default range query step to use if not set.")
  public Duration defaultStep;

  @Option(names = "--query.default-evaluation-interval", defaultValue = "1m", converter = Converters.DurationConverter.class,
      description = "Set default evaluation interval for sub queries.")
  public Duration defaultEvaluationInterval;

  @Option(names = "--query.auto-downsampling", negatable = true, defaultValue = "false",
      description = "Enable automatic adjustment (step / 5) to what source of data should be used in store gateways.")
  public boolean autoDownsampling;

  @Option(names = "--no-query.partial-response", negatable = true, defaultValue = "true",
      description = "Enable partial response for queries if no partial_response param is specified.")
  public boolean partialResponse;

  @Option(names = "--query.promql-engine", defaultValue = "prometheus", description = "Default PromQL engine to use: prometheus (thanos is not supported).")
  public String promqlEngine;

  @Option(names = "--store.response-timeout", defaultValue = "0ms", converter = Converters.DurationConverter.class,
      description = "If a Store doesn't send any data in this specified duration then a Store will be ignored and partial data will be returned if it's enabled. 0 disables timeout.")
  public Duration storeResponseTimeout;

  @Option(names = "--store.unhealthy-timeout", defaultValue = "5m", converter = Converters.DurationConverter.class,
      description = "Timeout before an unhealthy store is cleaned from the store UI page.")
  public Duration storeUnhealthyTimeout;

  void validate() {
    if (!deduplicationFunc.equals("penalty") && !deduplicationFunc.equals("chain")) {
      throw new UserError("--deduplication.func must be one of penalty, chain, got \"" + deduplicationFunc + "\"");
    }
    if (!promqlEngine.equals("prometheus")) {
      throw new UserError("--query.promql-engine=" + promqlEngine + " is not supported yet by jthanos query (only prometheus)");
    }
    ExternalLabels.parse(selectorLabels);
  }
}
