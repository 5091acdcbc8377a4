package io.jthanos.cmd.cli;

import io.jthanos.store.LimitedStoreApi;
import picocli.CommandLine.Option;

/** The per-request StoreAPI limits of the store gateway, the receiver and the ruler. */
public final class StoreLimitsOptions {

  @Option(names = "--store.limits.request-series", defaultValue = "0",
      description = "The maximum series allowed for a single Series request. 0 means no limit.")
  public long requestSeriesLimit;

  @Option(names = "--store.limits.request-samples", defaultValue = "0",
      description = "The maximum samples allowed for a single Series request. 0 means no limit. NOTE: counted as 120 "
          + "samples per chunk.")
  public long requestSamplesLimit;

  /** The limits as given. */
  public LimitedStoreApi.Limits limits() {
    return new LimitedStoreApi.Limits(requestSeriesLimit, requestSamplesLimit);
  }
}
