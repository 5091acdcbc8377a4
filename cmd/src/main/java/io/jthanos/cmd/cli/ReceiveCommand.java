package io.jthanos.cmd.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code thanos receive}: Accept Prometheus remote write API requests and write to local tsdb. */
@Command(name = "receive", description = "Accept Prometheus remote write API requests and write to local tsdb.")
final class ReceiveCommand extends ComponentCommand {

  @Mixin GoRuntimeOptions goRuntime;
  @Mixin HttpServerOptions http;
  @Mixin GrpcServerOptions grpc;
  @Mixin ObjstoreOptions objstore;
  @Mixin ReceiveOptions options;

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
    return List.of(HttpServerOptions.UNSUPPORTED, GrpcServerOptions.UNSUPPORTED, ReceiveOptions.UNSUPPORTED);
  }
}
