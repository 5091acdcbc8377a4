package io.jthanos.cmd.cli;

import io.jthanos.query.api.Tenancy;
import io.jthanos.store.grpc.tls.ClientTls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Flags of {@code thanos query} (Thanos v0.42) that jthanos models; defaults as in Thanos. */
public final class QueryOptions {

  static final List<String> UNSUPPORTED = List.of(
      "--endpoint-group", "--endpoint-group-strict",
      "--grpc-compression",
      "--web.external-prefix", "--web.prefix-header",
      "--query.mode", "--query.tenant-certificate-field", "--query.conn-metric.label",
      "--query.partition-label", "--[no-]query.enable-x-functions",
      "--query.telemetry.request-duration-seconds-quantiles", "--query.telemetry.request-samples-quantiles",
      "--query.telemetry.request-series-seconds-quantiles", "--query.active-query-path",
      "--selector.relabel-config-file", "--selector.relabel-config", "--alert.query-url",
      "--request.logging-config-file", "--request.logging-config", "--store.limits.request-series",
      "--store.limits.request-samples", "--query.metadata.default-time-range",
      "--query.instant.default.max_source_resolution", "--[no-]query.dynamic-lookback-delta");

  @Option(names = "--web.disable-cors", negatable = true, defaultValue = "false",
      description = "Whether to disable CORS headers to be set by Thanos. By default Thanos sets CORS headers to be allowed by all.")
  public boolean webDisableCors;

  @Option(names = "--query.tenant-header", defaultValue = "THANOS-TENANT",
      description = "HTTP header to determine tenant.")
  public String tenantHeader;

  @Option(names = "--query.default-tenant-id", defaultValue = "default-tenant",
      description = "Default tenant ID to use if tenant header is not present.")
  public String defaultTenantId;

  @Option(names = "--query.tenant-label-name", defaultValue = "tenant_id",
      description = "Label name to use when enforcing tenancy (if --query.enforce-tenancy is enabled).")
  public String tenantLabelName;

  @Option(names = "--query.enforce-tenancy", negatable = true, defaultValue = "false",
      description = "Enforce tenancy on Query APIs: each selector of a query, and each match[], gets the tenant's "
          + "label matcher, in place of any matcher on that label.")
  public boolean enforceTenancy;

  /** The tenancy flags. */
  public Tenancy tenancy() {
    return new Tenancy(enforceTenancy, tenantHeader, defaultTenantId, tenantLabelName);
  }

  @Option(names = "--grpc-client-tls-secure", negatable = true, defaultValue = "false",
      description = "Use TLS when talking to the gRPC server")
  public boolean clientTlsSecure;

  @Option(names = "--grpc-client-tls-skip-verify", negatable = true, defaultValue = "false",
      description = "Disable TLS certificate verification i.e self signed, signed by fake CA")
  public boolean clientTlsSkipVerify;

  @Option(names = "--grpc-client-tls-cert", defaultValue = "",
      description = "TLS Certificates to use to identify this client to the server")
  public String clientTlsCert;

  @Option(names = "--grpc-client-tls-key", defaultValue = "", description = "TLS Key for the client's certificate")
  public String clientTlsKey;

  @Option(names = "--grpc-client-tls-ca", defaultValue = "",
      description = "TLS CA Certificates to use to verify gRPC servers")
  public String clientTlsCa;

  @Option(names = "--grpc-client-server-name", defaultValue = "",
      description = "Server name to verify the hostname on the returned gRPC certificates. See https://tools.ietf.org/html/rfc4366#section-3.1")
  public String clientServerName;

  /** The gRPC client's TLS from the flags. */
  ClientTls clientTls() {
    return TlsFlags.client("--grpc-client-tls", clientTlsSecure, clientTlsSkipVerify, clientTlsCert,
        clientTlsKey, clientTlsCa, clientServerName);
  }

  @Option(names = "--endpoint", paramLabel = "<endpoint>",
      description = "Addresses of statically configured StoreAPI/Info endpoints (repeatable).")
  public List<String> endpoints = new ArrayList<>();

  @Option(names = "--endpoint-strict", paramLabel = "<endpoint>",
      description = "Addresses of endpoints that are always used, even if the health check fails (repeatable).")
  public List<String> strictEndpoints = new ArrayList<>();

  @Option(names = "--endpoint.sd-config-file", paramLabel = "<file-path>",
      description = "Path to Config File with endpoint definitions")
  public String endpointSdConfigFile;

  @Option(names = "--endpoint.sd-config", paramLabel = "<content>",
      description = "Alternative to 'endpoint.sd-config-file' flag (mutually exclusive). Content of Config File with endpoint definitions")
  public String endpointSdConfig;

  @Option(names = "--endpoint.sd-config-reload-interval", defaultValue = "5m", converter = Converters.DurationConverter.class,
      description = "Interval between endpoint config refreshes")
  public Duration endpointSdConfigReloadInterval;

  @Option(names = "--endpoint.info-timeout", defaultValue = "5s", converter = Converters.DurationConverter.class, hidden = true,
      description = "Timeout of gRPC Info requests.")
  public Duration endpointInfoTimeout;

  @Option(names = "--store.sd-files", paramLabel = "<path>",
      description = "(Deprecated) Path to files that contain addresses of store API servers. The path can be a glob pattern (repeatable).")
  public List<String> storeSdFiles = new ArrayList<>();

  @Option(names = "--store.sd-interval", defaultValue = "5m", converter = Converters.DurationConverter.class,
      description = "(Deprecated) Refresh interval to re-read file SD files. It is used as a resync fallback.")
  public Duration storeSdInterval;

  @Option(names = "--store.sd-dns-interval", defaultValue = "30s", converter = Converters.DurationConverter.class,
      description = "Interval between DNS resolutions.")
  public Duration storeSdDnsInterval;

  @Option(names = "--web.route-prefix", defaultValue = "",
      description = "Prefix for API and UI endpoints. This allows thanos UI to be served on a sub-path.")
  public String webRoutePrefix;

  @Option(names = "--enable-feature", split = ",",
      description = "Comma separated feature names to enable: promql-experimental-functions, promql-duration-expr.")
  public List<String> features = new ArrayList<>();

  @Option(names = "--query.replica-label", split = ",", description = "Labels to treat as a replica indicator along which data is deduplicated (repeatable).")
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
    if (endpointSdConfig != null && endpointSdConfigFile != null) {
      throw new UserError("--endpoint.sd-config and --endpoint.sd-config-file are mutually exclusive");
    }
    if (maxConcurrent < 1) {
      throw new UserError("--query.max-concurrent must be positive, got " + maxConcurrent);
    }
    for (String f : features) {
      if (!f.isEmpty() && !f.equals("promql-experimental-functions") && !f.equals("promql-duration-expr")
          && !f.equals("promql-at-modifier") && !f.equals("promql-negative-offset") && !f.equals("query-pushdown")) {
        org.slf4j.LoggerFactory.getLogger(QueryOptions.class).warn("Unknown option for --enable-feature: {}", f);
      }
    }
    webRoutePrefix = routePrefix(webRoutePrefix);
  }

  /** {@code --web.route-prefix} as the routers take it: {@code ""} or {@code /x}, without a trailing slash. */
  static String routePrefix(String flag) {
    String p = flag.isEmpty() || flag.startsWith("/") ? flag : "/" + flag;
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
