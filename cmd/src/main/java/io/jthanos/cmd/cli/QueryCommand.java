package io.jthanos.cmd.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code thanos query}: Query node exposing PromQL enabled Query API with data retrieved from multiple store nodes. */
@Command(name = "query", description = "Query node exposing PromQL enabled Query API with data retrieved from multiple store nodes.")
final class QueryCommand extends ComponentCommand {

  @Mixin GoRuntimeOptions goRuntime;
  @Mixin HttpServerOptions http;
  @Mixin GrpcServerOptions grpc;
  @Mixin QueryOptions options;

  @Override
  protected void validate() {
    goRuntime.warnIfSet();
    HostPort.parse("--http-address", http.address);
    HostPort.parse("--grpc-address", grpc.address);
    options.validate();
  }

  @Override
  protected List<List<String>> unsupportedFlagGroups() {
    return List.of(HttpServerOptions.UNSUPPORTED, GrpcServerOptions.UNSUPPORTED, QueryOptions.UNSUPPORTED);
  }
}
