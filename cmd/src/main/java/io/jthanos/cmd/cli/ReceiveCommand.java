package io.jthanos.cmd.cli;

import io.jthanos.cmd.receive.ReceiveComponent;
import io.jthanos.cmd.receive.ReceiveSettings;
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
  @Mixin StoreLimitsOptions storeLimits;
  @Mixin ReceiveOptions options;

  @Override
  protected void validate() {
    goRuntime.warnIfSet();
    HostPort.parse("--http-address", http.address);
    HostPort.parse("--grpc-address", grpc.address);
    objstore.configYaml();
    options.validate();
    HostPort.parse("--remote-write.address", options.remoteWriteAddress);
  }

  @Override
  protected int run() throws Exception {
    return serve(new ReceiveComponent(settings()), http, grpc);
  }

  /** The component's settings from the (validated) flags. */
  ReceiveSettings settings() {
    return new ReceiveSettings(
        HostPort.parse("--remote-write.address", options.remoteWriteAddress), options.tsdbPath,
        ExternalLabels.parse(options.labels), options.tsdbMinBlockDuration, options.tsdbRetention, options.hashringsFile, options.hashrings,
        options.hashringsAlgorithm, options.hashringsFileRefreshInterval, options.localEndpoint,
        options.replicationFactor, options.tenantHeader, options.defaultTenantId, options.tenantLabelName,
        options.replicaHeader, options.limitsConfigYaml(), options.forwardTimeout, options.forwardMaxBackoff,
        objstore.configYaml(), objstore.source(), options.grpcCompression, options.walDurability(),
        options.tsdbTooFarInFutureTimeWindow, options.relabelConfigs(),
        TlsFlags.server("--remote-write.server-tls", options.remoteWriteTlsCert, options.remoteWriteTlsKey,
            options.remoteWriteTlsClientCa, options.remoteWriteTlsMinVersion),
        TlsFlags.client("--remote-write.client-tls", options.peerTlsSecure, options.peerTlsSkipVerify,
            options.peerTlsCert, options.peerTlsKey, options.peerTlsCa, options.peerServerName),
        storeLimits.limits(), options.limitsConfigFile,
        options.limitsConfigReloadTimer);
  }

  @Override
  protected List<List<String>> unsupportedFlagGroups() {
    return List.of(HttpServerOptions.UNSUPPORTED, GrpcServerOptions.UNSUPPORTED, ReceiveOptions.UNSUPPORTED);
  }
}
