package io.jthanos.cmd.cli;

import io.jthanos.cmd.rule.RuleComponent;
import io.jthanos.cmd.rule.RuleSettings;
import io.jthanos.model.Labels;
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
  @Mixin StoreLimitsOptions storeLimits;
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
  protected int run() throws Exception {
    return serve(new RuleComponent(settings()), http, grpc);
  }

  RuleSettings settings() {
    RuleOptions o = options;
    String bucket = objstore.configYaml();
    return new RuleSettings(o.ruleFiles, o.dataDir, Labels.fromMap(ExternalLabels.parse(o.labels)), o.queryAddresses,
        o.querySdFiles, o.alertmanagerUrls, o.alertmanagersConfigYaml(), o.alertmanagersSendTimeout, o.alertLabelDrop,
        o.alertQueryUrl == null ? "" : o.alertQueryUrl, o.evalInterval, o.ruleQueryOffset, o.resendDelay,
        o.forOutageTolerance, o.forGracePeriod, o.tsdbBlockDuration, o.tsdbRetention, bucket, objstore.source(),
        o.queryConfigYaml(), o.alertRelabelConfigs(), QueryOptions.routePrefix(o.webRoutePrefix),
        storeLimits.limits());
  }

  @Override
  protected List<List<String>> unsupportedFlagGroups() {
    return List.of(HttpServerOptions.UNSUPPORTED, GrpcServerOptions.UNSUPPORTED, RuleOptions.UNSUPPORTED);
  }
}
