package io.jthanos.cmd.cli;

import io.jthanos.cmd.compact.CompactComponent;
import io.jthanos.cmd.compact.CompactSettings;
import io.jthanos.cmd.compact.TimeOrDuration;
import io.jthanos.compact.CompactorConfig;
import io.jthanos.compact.LeveledPlanner;
import io.jthanos.compact.merge.DedupFunc;
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
    objstore.configYaml();
    options.validate();
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
    CompactorConfig cfg = new CompactorConfig(options.dataDir, options.consistencyDelay, options.deleteDelay,
        options.enableVerticalCompaction, options.deduplicationReplicaLabels,
        DedupFunc.fromFlag(options.deduplicationFunc), LeveledPlanner.DEFAULT_RANGES, options.downsamplingDisabled,
        options.retentionRaw, options.retention5m, options.retention1h,
        m -> m.maxTime() >= minTime && m.minTime() <= maxTime,
        options.compactConcurrency, options.downsampleConcurrency, options.blockMetaFetchConcurrency);
    return new CompactSettings(objstore.configYaml(), objstore.source(), options.waitForWork, options.waitInterval,
        options.cleanupInterval, options.progressInterval, cfg);
  }

  @Override
  protected List<List<String>> unsupportedFlagGroups() {
    return List.of(HttpServerOptions.UNSUPPORTED, CompactOptions.UNSUPPORTED);
  }
}
