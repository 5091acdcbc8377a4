package io.jthanos.cmd.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code thanos rule}: Ruler evaluating Prometheus rules against given Query nodes, exposing Store API and storing old blocks in bucket. */
@Command(name = "rule", description = "Ruler evaluating Prometheus rules against given Query nodes, exposing Store API and storing old blocks in bucket.")
final class RuleCommand extends ComponentCommand {

  @Mixin GoRuntimeOptions goRuntime;
  @Mixin HttpServerOptions http;
  @Mixin GrpcServerOptions grpc;
  @Mixin ObjstoreOptions objstore;
  @Mixin RuleOptions options;

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
    return List.of(HttpServerOptions.UNSUPPORTED, GrpcServerOptions.UNSUPPORTED, RuleOptions.UNSUPPORTED);
  }
}
