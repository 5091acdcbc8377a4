package io.jthanos.cmd.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Flags of {@code thanos rule} (Thanos v0.42) that jthanos models; defaults as in Thanos. */
public final class RuleOptions {

  static final List<String> UNSUPPORTED = List.of(
      "--alertmanagers.sd-dns-interval",
      "--alert.query-template", 
      "--query.sd-dns-interval",
      "--query.http-method", "--query.default-step", "--[no-]query.enable-x-functions",
      "--remote-write.config-file", "--remote-write.config", "--rule-concurrent-evaluation",
      "--restore-ignored-label", "--grpc-query-endpoint", "--web.external-prefix",
      "--web.prefix-header", "--[no-]web.disable-cors", "--shipper.upload-concurrency", "--hash-func",
      "--[no-]tsdb.no-lockfile", "--[no-]tsdb.enable-native-histograms", 
      "--request.logging-config-file", "--request.logging-config", "--[no-]shipper.upload-compacted",
      "--tsdb.out-of-order.time-window",
      "--tsdb.out-of-order.cap-max", "--enable-feature", "--rule-file-reload-interval", "--query.max-concurrency");

  @Option(names = "--data-dir", defaultValue = "./data", description = "Data directory.")
  public Path dataDir;

  @Option(names = "--rule-file", defaultValue = "rules/", description = "Rule files that should be used by rule manager. Can be in glob format (repeatable).")
  public List<String> ruleFiles = new ArrayList<>();

  @Option(names = "--eval-interval", defaultValue = "1m", converter = Converters.DurationConverter.class,
      description = "The default evaluation interval to use.")
  public Duration evalInterval;

  @Option(names = "--tsdb.block-duration", defaultValue = "2h", converter = Converters.DurationConverter.class,
      description = "Block duration for TSDB block.")
  public Duration tsdbBlockDuration;

  @Option(names = "--tsdb.retention", defaultValue = "48h", converter = Converters.DurationConverter.class,
      description = "Block retention time on local disk.")
  public Duration tsdbRetention;

  @Option(names = "--no-tsdb.wal-compression", negatable = true, defaultValue = "true",
      description = "Compress the tsdb WAL (accepted; jthanos writes its WAL uncompressed).")
  public boolean tsdbWalCompression;

  @Option(names = "--label", paramLabel = "key=\"value\"", description = "Labels to be applied to all generated metrics (repeatable).")
  public List<String> labels = new ArrayList<>();

  @Option(names = "--alertmanagers.url", description = "Alertmanager replica URLs to push firing alerts (repeatable).")
  public List<String> alertmanagerUrls = new ArrayList<>();

  @Option(names = "--alertmanagers.send-timeout", defaultValue = "10s", converter = Converters.DurationConverter.class,
      description = "Timeout for sending alerts to Alertmanager.")
  public Duration alertmanagersSendTimeout;

  @Option(names = "--alert.relabel-config-file", paramLabel = "<file-path>",
      description = "Path to YAML file that contains alert relabelling configuration.")
  public java.nio.file.Path alertRelabelConfigFile;

  @Option(names = "--alert.relabel-config", paramLabel = "<content>",
      description = "Alternative to 'alert.relabel-config-file' flag (mutually exclusive). Content of YAML file that contains alert relabelling configuration.")
  public String alertRelabelConfig;

  /** The alert relabel rules of {@code --alert.relabel-config[-file]}; empty without either. */
  java.util.List<io.jthanos.model.relabel.RelabelConfig> alertRelabelConfigs() {
    return ConfigFlags.relabelConfigs("alert.relabel-config", alertRelabelConfigFile, alertRelabelConfig);
  }

  @Option(names = "--web.route-prefix", defaultValue = "",
      description = "Prefix for API and UI endpoints. This allows thanos UI to be served on a sub-path. This option is analogous to --web.route-prefix of Prometheus.")
  public String webRoutePrefix;

  @Option(names = "--alert.query-url", description = "The external Thanos Query URL that would be set in all alerts 'Source' field.")
  public String alertQueryUrl;

  @Option(names = "--query", paramLabel = "<query>", description = "Addresses of statically configured query API servers (repeatable).")
  public List<String> queryAddresses = new ArrayList<>();

  @Option(names = "--resend-delay", defaultValue = "1m", converter = Converters.DurationConverter.class,
      description = "Minimum amount of time to wait before resending an alert to Alertmanager.")
  public Duration resendDelay;

  @Option(names = "--for-outage-tolerance", defaultValue = "1h", converter = Converters.DurationConverter.class,
      description = "Max time to tolerate prometheus outage for restoring \"for\" state of alert.")
  public Duration forOutageTolerance;

  @Option(names = "--for-grace-period", defaultValue = "10m", converter = Converters.DurationConverter.class,
      description = "Minimum duration between alert and restored \"for\" state.")
  public Duration forGracePeriod;

  @Option(names = "--query.config-file", paramLabel = "<file-path>",
      description = "Path to YAML file that contains query API servers configuration. See format details: https://thanos.io/tip/components/rule.md/#configuration. If defined, it takes precedence over the '--query' and '--query.sd-files' flags.")
  public java.nio.file.Path queryConfigFile;

  @Option(names = "--query.config", paramLabel = "<content>",
      description = "Alternative to 'query.config-file' flag (mutually exclusive). Content of YAML file that contains query API servers configuration.")
  public String queryConfig;

  /** The YAML of {@code --query.config[-file]}, or null when neither is given. */
  String queryConfigYaml() {
    return ConfigFlags.content("query.config", queryConfigFile, queryConfig);
  }

  @Option(names = "--query.sd-files", paramLabel = "<path>",
      description = "Path to file that contain addresses of query API servers. The path can be a glob pattern (repeatable).")
  public List<String> querySdFiles = new ArrayList<>();

  @Option(names = "--query.sd-interval", defaultValue = "5m", converter = Converters.DurationConverter.class,
      description = "Refresh interval to re-read file SD files. (used as a fallback)")
  public Duration querySdInterval;

  @Option(names = "--alertmanagers.config-file", description = "Path to YAML file that contains alerting configuration.")
  public Path alertmanagersConfigFile;

  @Option(names = "--alertmanagers.config", description = "Alternative to 'alertmanagers.config-file' flag (mutually exclusive).")
  public String alertmanagersConfig;

  @Option(names = "--alert.label-drop", description = "Labels by name to drop before sending to alertmanager (repeatable).")
  public List<String> alertLabelDrop = new ArrayList<>();

  @Option(names = "--rule-query-offset", defaultValue = "0s", converter = Converters.DurationConverter.class,
      description = "The default rule group query_offset duration to use.")
  public Duration ruleQueryOffset;

  /** The Alertmanager configuration YAML, or null when neither flag is set. */
  String alertmanagersConfigYaml() {
    return ConfigFlags.content("alertmanagers.config", alertmanagersConfigFile, alertmanagersConfig);
  }

  void validate() {
    alertmanagersConfigYaml();
    String query = queryConfigYaml();
    if (query != null) {
      try {
        io.jthanos.ruler.eval.QueryConfig.parse(query);
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage(), e);
      }
    }
    ExternalLabels.parse(labels);
  }
}
