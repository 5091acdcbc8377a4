package io.jthanos.cmd.cli;

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
  protected List<List<String>> unsupportedFlagGroups() {
    return List.of(HttpServerOptions.UNSUPPORTED, CompactOptions.UNSUPPORTED);
  }
}
