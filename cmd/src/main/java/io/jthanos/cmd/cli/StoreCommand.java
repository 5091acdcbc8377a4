package io.jthanos.cmd.cli;

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
  @Mixin StoreOptions options;

  @Override
  protected void validate() {
    goRuntime.warnIfSet();
    HostPort.parse("--http-address", http.address);
    HostPort.parse("--grpc-address", grpc.address);
    objstore.configYaml();
    options.validate();
  }

  @Override
  protected List<List<String>> unsupportedFlagGroups() {
    return List.of(HttpServerOptions.UNSUPPORTED, GrpcServerOptions.UNSUPPORTED, StoreOptions.UNSUPPORTED);
  }
}
