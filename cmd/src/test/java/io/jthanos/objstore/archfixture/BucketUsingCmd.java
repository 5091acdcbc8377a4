package io.jthanos.objstore.archfixture;

import io.jthanos.cmd.BuildInfo;

/** Synthetic layering violation for ArchitectureTest: a library module using cmd. */
public final class BucketUsingCmd {
  public String version() {
    return BuildInfo.current().version();
  }
}
