package io.jthanos.cmd.cli;

import io.jthanos.cmd.compact.CompactComponent;
import io.jthanos.cmd.compact.CompactSettings;
import io.jthanos.cmd.compact.TimeOrDuration;
import io.jthanos.compact.BlockRelabel;
import io.jthanos.compact.CompactorConfig;
import io.jthanos.compact.LeveledPlanner;
import io.jthanos.compact.merge.DedupFunc;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code thanos compact}: Continuously compacts blocks in an object store bucket. */
@Command(name = "compact", description = "Continuously compacts blocks in an object store bucket.")
final class CompactCommand extends ComponentCommand {

  @Mixin GoRuntimeOptions goRuntime;
  @Mixin HttpServerOptions http;
  @Mixin ObjstoreOptions objstore;
  @Mixin CompactOptions options;

  @Override
  protected void validate() {
    goRuntime.warnIfSet();
    HostPort.parse("--http-address", http.address);
    if (objstore.configYaml() == null) {
      throw new UserError("no bucket configured: set --objstore.config-file or --objstore.config");
    }
    options.validate();
    settings(Clock.systemUTC()); // parses --min-time/--max-time
  }

  @Override
  protected int run() throws Exception {
    return serve(new CompactComponent(settings(Clock.systemUTC()), Clock.systemUTC()), http, null);
  }

  /** The component settings the flags describe. */
  CompactSettings settings(Clock clock) {
    long minTime;
    long maxTime;
    try {
      minTime = TimeOrDuration.parse("--min-time", options.minTime, clock);
      maxTime = TimeOrDuration.parse("--max-time", options.maxTime, clock);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
    BlockRelabel relabel;
    try {
      if (options.relabelConfigFile != null && options.relabelConfig != null) {
        throw new UserError("--selector.relabel-config-file and --selector.relabel-config are mutually exclusive");
      }
      String yaml = options.relabelConfig;
      if (options.relabelConfigFile != null) {
        yaml = Files.readString(options.relabelConfigFile);
      }
      relabel = BlockRelabel.parse(yaml);
    } catch (IOException e) {
      throw new UserError("--selector.relabel-config-file: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new UserError("--selector.relabel-config: " + e.getMessage(), e);
    }
    CompactorConfig cfg = new CompactorConfig(options.dataDir, options.consistencyDelay, options.deleteDelay,
        options.enableVerticalCompaction, options.deduplicationReplicaLabels,
        DedupFunc.fromFlag(options.deduplicationFunc), LeveledPlanner.DEFAULT_RANGES, options.downsamplingDisabled,
        options.retentionRaw, options.retention5m, options.retention1h,
        m -> m.maxTime() >= minTime && m.minTime() <= maxTime && relabel.test(m),
        options.compactConcurrency, options.downsampleConcurrency, options.blockMetaFetchConcurrency,
        Math.max(1, options.blockFilesConcurrency), Math.max(1, options.blocksFetchConcurrency), options.haltOnError);
    return new CompactSettings(objstore.configYaml(), objstore.source(), options.waitForWork, options.waitInterval,
        options.cleanupInterval, options.progressInterval, cfg);
  }

  @Override
  protected List<List<String>> unsupportedFlagGroups() {
    return List.of(HttpServerOptions.UNSUPPORTED, CompactOptions.UNSUPPORTED);
  }
}
