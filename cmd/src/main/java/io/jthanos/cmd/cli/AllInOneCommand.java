package io.jthanos.cmd.cli;

import io.jthanos.cmd.allinone.AllInOneComponent;
import io.jthanos.cmd.compact.CompactComponent;
import io.jthanos.cmd.query.QuerySettings;
import io.jthanos.cmd.receive.ReceiveSettings;
import io.jthanos.cmd.rule.RuleComponent;
import io.jthanos.cmd.store.StoreSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code thanos all-in-one}: receive, store gateway, querier, compactor (and ruler, given rule files) in one
 * process over one bucket
 * (a FILESYSTEM bucket under {@code --data-dir} unless {@code --objstore.config[-file]} names another).
 * Each part's settings come from its own subcommand's flags and defaults, derived from this command's flags.
 */
@Command(name = "all-in-one", description = "Receive, store gateway, querier and compactor in one process: "
    + "remote write in, PromQL out, blocks in a bucket (a directory under --data-dir by default).")
final class AllInOneCommand extends ComponentCommand {

  @Mixin HttpServerOptions http;
  @Mixin GrpcServerOptions grpc;
  @Mixin ObjstoreOptions objstore;

  @Option(names = "--data-dir", defaultValue = "./data",
      description = "Data directory: receive TSDB, store and compactor caches, and the default bucket (<data-dir>/bucket).")
  Path dataDir;

  @Option(names = "--remote-write.address", defaultValue = "0.0.0.0:19291",
      description = "Address to listen on for remote write requests.")
  String remoteWriteAddress;

  @Option(names = "--label", paramLabel = "key=\"value\"", description = "External labels of the received data (repeatable).")
  List<String> labels = new ArrayList<>();

  @Option(names = "--query.replica-label", paramLabel = "<label>",
      description = "Labels to treat as a replica indicator along which data is deduplicated (repeatable).")
  List<String> replicaLabels = new ArrayList<>();

  @Option(names = "--self-scrape.interval", defaultValue = "15s", converter = Converters.DurationConverter.class,
      description = "How often the process ingests its own /metrics (job=\"thanos-all-in-one\"); 0s disables it.")
  Duration selfScrapeInterval;

  @Option(names = "--compact", negatable = true, defaultValue = "true",
      description = "Run the compactor on the bucket.")
  boolean compact;

  @Option(names = "--rule-file", paramLabel = "<glob>",
      description = "Prometheus rule files for the ruler (repeatable); without any, no ruler runs.")
  List<String> ruleFiles = new ArrayList<>();

  @Option(names = "--eval-interval", defaultValue = "1m", converter = Converters.DurationConverter.class,
      description = "The default evaluation interval of the rule groups.")
  Duration evalInterval;

  @Option(names = "--alertmanagers.url", description = "Alertmanager URLs the ruler sends alerts to (repeatable).")
  List<String> alertmanagerUrls = new ArrayList<>();

  @Option(names = "--tsdb.min-block-duration", defaultValue = "2h", hidden = true,
      converter = Converters.DurationConverter.class, description = "Duration of the local TSDB blocks shipped to the bucket.")
  Duration blockDuration;

  @Option(names = "--sync-block-duration", defaultValue = "1m", hidden = true,
      converter = Converters.DurationConverter.class, description = "How often the store gateway syncs blocks from the bucket.")
  Duration syncBlockDuration;

  private ReceiveCommand receive;
  private StoreCommand store;
  private QueryCommand query;
  private CompactCommand compactor;
  private RuleCommand ruler;

  @Override
  protected void validate() {
    if (!http.config.isEmpty()) {
      // the in-process ruler and the printed URLs speak plain HTTP to this process
      throw new UserError("--http.config is not supported yet by jthanos all-in-one; run the components on their own");
    }
    HostPort.parse("--http-address", http.address);
    HostPort.parse("--grpc-address", grpc.address);
    HostPort.parse("--remote-write.address", remoteWriteAddress);
    ExternalLabels.parse(labels);
    String bucket = bucketYaml();

    List<String> receiveArgs = new ArrayList<>(List.of("--tsdb.path=" + dataDir.resolve("receive"),
        "--remote-write.address=" + remoteWriteAddress, "--objstore.config=" + bucket,
        "--tsdb.min-block-duration=" + blockDuration.toSeconds() + "s",
        "--tsdb.max-block-duration=" + blockDuration.toSeconds() + "s"));
    labels.forEach(l -> receiveArgs.add("--label=" + l));
    receive = parse(new ReceiveCommand(), receiveArgs);
    store = parse(new StoreCommand(), List.of("--data-dir=" + dataDir.resolve("store"), "--objstore.config=" + bucket,
        "--sync-block-duration=" + syncBlockDuration.toMillis() + "ms"));
    List<String> queryArgs = new ArrayList<>();
    replicaLabels.forEach(l -> queryArgs.add("--query.replica-label=" + l));
    query = parse(new QueryCommand(), queryArgs);
    if (compact) {
      compactor = parse(new CompactCommand(), List.of("--wait", "--data-dir=" + dataDir.resolve("compact"),
          "--objstore.config=" + bucket));
    }
    if (!ruleFiles.isEmpty()) {
      List<String> ruleArgs = new ArrayList<>(List.of("--data-dir=" + dataDir.resolve("rule"),
          "--query=" + selfAddress(HostPort.parse("--http-address", http.address)),
          "--eval-interval=" + evalInterval.toMillis() + "ms"));
      ruleFiles.forEach(f -> ruleArgs.add("--rule-file=" + f));
      alertmanagerUrls.forEach(u -> ruleArgs.add("--alertmanagers.url=" + u));
      ruler = parse(new RuleCommand(), ruleArgs);
    }
  }

  /** Where the ruler reaches this process's query API. */
  private static String selfAddress(java.net.InetSocketAddress a) {
    String host = a.getAddress() == null || a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getHostString();
    return host + ":" + a.getPort();
  }

  /** The receive part's settings; valid after {@link #validate()}. */
  ReceiveSettings receiveSettings() {
    return receive.settings();
  }

  @Override
  protected int run() throws Exception {
    ReceiveSettings r = receive.settings();
    StoreSettings s = store.settings();
    QuerySettings q = query.settings();
    CompactComponent c = compactor == null ? null
        : new CompactComponent(compactor.settings(Clock.systemUTC()), Clock.systemUTC());
    AllInOneComponent.Settings settings = new AllInOneComponent.Settings(receive.options.defaultTenantId,
        selfScrapeInterval, HostPort.parse("--http-address", http.address),
        HostPort.parse("--grpc-address", grpc.address), r.remoteWriteAddress());
    RuleComponent rule = ruler == null ? null : new RuleComponent(ruler.settings());
    return serve(new AllInOneComponent(r, s, q, c, rule, settings), http, grpc);
  }

  @Override
  protected List<List<String>> unsupportedFlagGroups() {
    return List.of(HttpServerOptions.UNSUPPORTED, GrpcServerOptions.UNSUPPORTED);
  }

  /** The configured bucket, or a FILESYSTEM bucket in {@code <data-dir>/bucket}. */
  private String bucketYaml() {
    String yaml = objstore.configYaml();
    if (yaml != null) {
      return yaml;
    }
    String dir = dataDir.resolve("bucket").toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"");
    return "type: FILESYSTEM\nconfig:\n  directory: \"" + dir + "\"\n";
  }

  /** Parses a part's flags with its own subcommand, so its defaults and validation apply. */
  private static <T extends ComponentCommand> T parse(T command, List<String> args) {
    try {
      new CommandLine(command).parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new UserError(e.getMessage(), e);
    }
    command.validate();
    return command;
  }
}
