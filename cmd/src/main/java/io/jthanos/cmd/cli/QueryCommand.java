package io.jthanos.cmd.cli;

import io.jthanos.cmd.BuildInfo;
import io.jthanos.cmd.query.QueryComponent;
import io.jthanos.cmd.query.QuerySettings;
import io.jthanos.model.Labels;
import io.jthanos.promql.engine.EngineOptions;
import io.jthanos.promql.parser.ParserOptions;
import io.jthanos.query.DedupFunction;
import io.jthanos.query.api.StatusInfo;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;

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

  @Override
  protected int run() throws Exception {
    return serve(new QueryComponent(settings()), http, grpc);
  }

  QuerySettings settings() {
    QueryOptions o = options;
    EngineOptions d = EngineOptions.DEFAULT;
    EngineOptions engine = new EngineOptions(o.lookbackDelta.isZero() ? d.lookbackDelta() : o.lookbackDelta, o.timeout,
        d.maxSamples(), ParserOptions.fromFeatures(o.features), o.defaultEvaluationInterval);
    DedupFunction dedup = o.deduplicationFunc.equals("chain") ? DedupFunction.CHAIN : DedupFunction.PENALTY;
    io.jthanos.query.QueryOptions defaults = new io.jthanos.query.QueryOptions(true, o.replicaLabels, dedup,
        o.partialResponse, 0);
    BuildInfo build = BuildInfo.current();
    StatusInfo status = new StatusInfo(build.version(), build.revision(), build.branch(), "", "", build.javaVersion(),
        flagValues(), Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
    return new QuerySettings(o.endpoints, o.strictEndpoints, o.endpointSdConfig, o.endpointSdConfigFile, o.storeSdFiles,
        o.storeSdDnsInterval, o.endpointInfoTimeout, o.storeUnhealthyTimeout, o.storeResponseTimeout,
        Labels.fromMap(ExternalLabels.parse(o.selectorLabels)), engine, defaults, o.autoDownsampling, o.maxConcurrent,
        o.maxConcurrentSelect, o.webRoutePrefix, status, o.clientTls(), o.tenancy(), !o.webDisableCors);
  }

  /** Every flag with its effective value, as Prometheus's {@code status/flags} lists them. */
  Map<String, String> flagValues() {
    Map<String, String> out = new LinkedHashMap<>();
    for (OptionSpec opt : spec.options()) {
      if (opt.hidden() || opt.usageHelp() || opt.versionHelp()) {
        continue;
      }
      Object v = opt.getValue();
      String name = opt.longestName().replaceFirst("^--(no-)?", "");
      String value = v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
          : v instanceof java.time.Duration d ? io.jthanos.model.ModelDuration.format(d) // as given: "5m", not Java's "PT5M"
          : String.valueOf(v == null ? "" : v);
      out.put(name, value);
    }
    return out;
  }
}
