package io.jthanos.cmd.cli;

import io.jthanos.cmd.store.StoreComponent;
import io.jthanos.cmd.store.StoreSettings;
import io.jthanos.model.relabel.RelabelConfig;
import io.jthanos.store.LimitedStoreApi;
import io.jthanos.store.gateway.BucketStoreConfig;
import io.jthanos.store.gateway.fetch.BlockMetaFetcher;
import io.jthanos.store.gateway.fetch.TimeOrDuration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code thanos store}: Store node giving access to blocks in a bucket provider. */
@Command(name = "store", description = "Store node giving access to blocks in a bucket provider.")
final class StoreCommand extends ComponentCommand {

  @Mixin GoRuntimeOptions goRuntime;
  @Mixin HttpServerOptions http;
  @Mixin GrpcServerOptions grpc;
  @Mixin ObjstoreOptions objstore;
  @Mixin StoreLimitsOptions storeLimits;
  @Mixin StoreOptions options;

  @Override
  protected void validate() {
    goRuntime.warnIfSet();
    HostPort.parse("--http-address", http.address);
    HostPort.parse("--grpc-address", grpc.address);
    objstore.configYaml();
    options.validate();
    settings();
  }

  @Override
  protected List<List<String>> unsupportedFlagGroups() {
    return List.of(HttpServerOptions.UNSUPPORTED, GrpcServerOptions.UNSUPPORTED, StoreOptions.UNSUPPORTED);
  }

  @Override
  protected int run() throws Exception {
    return serve(new StoreComponent(settings()), http, grpc);
  }

  /** The component's settings from the flags; {@link UserError} naming the flag when one is invalid. */
  StoreSettings settings() {
    String yaml = objstore.configYaml();
    if (yaml == null) {
      throw new UserError("no bucket configured: set --objstore.config-file or --objstore.config");
    }
    TimeOrDuration minTime = time("--min-time", options.minTime);
    TimeOrDuration maxTime = time("--max-time", options.maxTime);
    // As Thanos: without the index-header cache nothing is kept under --data-dir (index-headers, meta.jsons).
    LimitedStoreApi.Limits limits = options.limits(storeLimits);
    BucketStoreConfig store = new BucketStoreConfig(options.cacheIndexHeader ? options.dataDir : null,
        options.blockSyncConcurrency, options.indexCacheSize,
        options.chunkPoolSize, options.seriesMaxConcurrency, limits.seriesPerRequest(), limits.samplesPerRequest(),
        options.downloadedBytesLimit,
        options.indexHeaderLazyReader, options.indexHeaderIdleTimeout, minTime, maxTime, options.chunkCacheSize);
    return new StoreSettings(yaml, store, options.caches(), options.syncBlockDuration, options.blockMetaFetchConcurrency,
        options.consistencyDelay, options.ignoreDeletionMarksDelay, selector(),
        options.blockDiscoveryStrategy.equals("recursive") ? BlockMetaFetcher.Discovery.RECURSIVE
            : BlockMetaFetcher.Discovery.CONCURRENT);
  }

  private static TimeOrDuration time(String flag, String value) {
    try {
      return TimeOrDuration.parse(value);
    } catch (IllegalArgumentException e) {
      throw new UserError(flag + ": " + e.getMessage());
    }
  }

  private List<RelabelConfig> selector() {
    return ConfigFlags.relabelConfigs("selector.relabel-config", options.selectorRelabelConfigFile,
        options.selectorRelabelConfig);
  }
}
