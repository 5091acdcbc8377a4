package io.jthanos.cmd.tracing;

import io.jthanos.cmd.tracing.jaeger.JaegerSamplers;
import io.jthanos.cmd.tracing.jaeger.JaegerSampling;
import io.jthanos.cmd.tracing.jaeger.JaegerThriftExporter;
import io.jthanos.cmd.tracing.jaeger.RemoteSamplerOptions;
import io.jthanos.objstore.config.ConfigNode;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessorBuilder;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code type: JAEGER}, as Thanos builds it on OpenTelemetry's Jaeger exporter: spans in Jaeger's thrift to a
 * collector ({@code endpoint}, with {@code user}/{@code password}) or to an agent over UDP
 * ({@code agent_host}/{@code agent_port}, by default {@code localhost:6831}); Thanos's sampler choice
 * ({@code sampler_type} const, probabilistic, remote or ratelimiting, see {@link JaegerSamplers});
 * {@code reporter_max_queue_size} and {@code reporter_flush_interval} for the batching; {@code service_name} and
 * {@code tags} for the process. The deprecated {@code disabled}, {@code rpc_metrics} and {@code traceid_128bit}
 * are accepted and have no effect, as in Thanos.
 */
final class JaegerTracing {
  private JaegerTracing() {}

  private static final Logger LOG = LoggerFactory.getLogger(JaegerTracing.class);

  static SdkTracerProvider provider(ConfigNode c) {
    String serviceName = c.string("service_name", "");
    for (String deprecated : new String[] {"disabled", "rpc_metrics", "traceid_128bit"}) {
      if (c.bool(deprecated, false)) {
        LOG.info("tracing: Jaeger's " + deprecated + " has been deprecated as a config option and has no effect");
      }
    }
    Attributes resource = Attributes.builder()
        .putAll(Resources.serviceName(serviceName))
        .putAll(Resources.tags(c.string("tags", "")))
        .build();
    SpanExporter exporter = exporter(c);
    BatchSpanProcessorBuilder batch = BatchSpanProcessor.builder(exporter);
    long queue = c.longValue("reporter_max_queue_size", 0);
    if (queue > 0) {
      batch.setMaxQueueSize((int) Math.min(queue, Integer.MAX_VALUE));
    }
    Duration flush = c.duration("reporter_flush_interval", Duration.ZERO);
    if (!flush.isZero()) {
      batch.setScheduleDelay(flush);
    }
    c.bool("reporter_log_spans", false);
    c.string("sampler_manager_host_port", "");
    JaegerSampling sampling = sampling(c, serviceName);
    return SdkTracerProvider.builder()
        .setResource(Resources.resource(resource))
        .setSampler(new ForcedSampler(sampling.sampler()))
        .addSpanProcessor(batch.build())
        .addSpanProcessor(new ClosingOnShutdown(sampling.polling()))
        .build();
  }

  private static SpanExporter exporter(ConfigNode c) {
    String endpoint = c.string("endpoint", "");
    String user = c.string("user", "");
    String password = c.string("password", "");
    String agentHost = c.string("agent_host", "");
    long agentPort = c.longValue("agent_port", 0);
    c.bool("reporter_disable_attempt_reconnecting", false);
    c.duration("reporter_attempt_reconnect_interval", Duration.ZERO);
    if (!endpoint.isEmpty()) {
      URI uri;
      try {
        uri = URI.create(endpoint);
      } catch (IllegalArgumentException e) {
        throw c.error("endpoint", "not a URL: " + e.getMessage());
      }
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw c.error("endpoint", "must be a URL like http://jaeger-collector:14268/api/traces, got \"" + endpoint + "\"");
      }
      return JaegerThriftExporter.collector(uri, user, password);
    }
    if (!agentHost.isEmpty() && agentPort != 0) {
      if (agentPort < 0 || agentPort > 65535) {
        throw c.error("agent_port", "must be a port number, got " + agentPort);
      }
      return JaegerThriftExporter.agent(agentHost, (int) agentPort);
    }
    String host = System.getenv().getOrDefault("OTEL_EXPORTER_JAEGER_AGENT_HOST", JaegerThriftExporter.DEFAULT_AGENT_HOST);
    int port = JaegerThriftExporter.DEFAULT_AGENT_PORT;
    String envPort = System.getenv("OTEL_EXPORTER_JAEGER_AGENT_PORT");
    if (envPort != null && envPort.matches("\\d{1,5}")) {
      port = Integer.parseInt(envPort);
    }
    return JaegerThriftExporter.agent(host, port);
  }

  private static JaegerSampling sampling(ConfigNode c, String serviceName) {
    ConfigNode parent = c.child("sampler_parent_config");
    boolean localParentSampled = parent.bool("local_parent_sampled", false);
    boolean remoteParentSampled = parent.bool("remote_parent_sampled", false);
    RemoteSamplerOptions remote = new RemoteSamplerOptions(
        c.duration("sampler_refresh_interval", Duration.ZERO),
        c.string("sampling_server_url", ""),
        (int) c.longValue("sampler_max_operations", 0),
        c.bool("operation_name_late_binding", false),
        c.doubleValue("initial_sampler_rate", 0));
    return JaegerSamplers.create(serviceName, c.string("sampler_type", ""), c.doubleValue("sampler_param", 0),
        remote, localParentSampled, remoteParentSampled);
  }
}
