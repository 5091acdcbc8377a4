package io.jthanos.cmd.tracing;

import io.jthanos.objstore.config.ConfigNode;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * {@code type: OTLP}: spans sent to an OpenTelemetry collector over OTLP, gRPC ({@code client_type: grpc},
 * default endpoint {@code localhost:4317}) or HTTP/protobuf ({@code client_type: http}, {@code localhost:4318},
 * {@code url_path} {@code /v1/traces}), with Thanos's options: {@code endpoint} (host:port), {@code insecure}
 * (plain text instead of TLS), {@code compression: gzip}, {@code timeout}, {@code retry_config},
 * {@code headers}, {@code tls_config} (HTTP only, as in Thanos), {@code service_name}, and
 * {@code sampler_type} {@code alwayssample}/{@code neversample}/{@code traceidratiobased} with
 * {@code sampler_param}, parent-based; by default every trace is sampled. The standard
 * {@code OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT} variables give the endpoint when the config has none.
 */
final class OtlpTracing {
  private OtlpTracing() {}

  static SdkTracerProvider provider(ConfigNode c) {
    String clientType = c.string("client_type", "").toLowerCase(Locale.ROOT);
    SpanExporter exporter = switch (clientType) {
      case "grpc" -> grpc(c);
      case "http" -> http(c);
      default -> throw c.error("client_type",
          "otlp: invalid client type. Only 'http' and 'grpc' are accepted (got \"" + clientType + "\")");
    };
    c.duration("reconnection_period", Duration.ZERO);
    Attributes resource = Resources.serviceName(c.string("service_name", ""));
    return SdkTracerProvider.builder()
        .setResource(Resources.resource(resource))
        .setSampler(new ForcedSampler(sampler(c)))
        .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
        .build();
  }

  private static SpanExporter grpc(ConfigNode c) {
    OtlpGrpcSpanExporterBuilder b = OtlpGrpcSpanExporter.builder().setEndpoint(endpoint(c, "localhost:4317", ""));
    common(c, b::setTimeout, b::setCompression, b::setRetryPolicy, b::addHeader);
    c.child("tls_config");
    return b.build();
  }

  private static SpanExporter http(ConfigNode c) {
    String path = c.string("url_path", "");
    OtlpHttpSpanExporterBuilder b = OtlpHttpSpanExporter.builder()
        .setEndpoint(endpoint(c, "localhost:4318", path.isEmpty() ? "/v1/traces" : path));
    common(c, b::setTimeout, b::setCompression, b::setRetryPolicy, b::addHeader);
    ConfigNode tls = c.child("tls_config");
    String ca = tls.string("ca_file", "");
    if (!ca.isEmpty()) {
      b.setTrustedCertificates(read(tls, "ca_file", ca));
    }
    String cert = tls.string("cert_file", "");
    String key = tls.string("key_file", "");
    if (!cert.isEmpty() || !key.isEmpty()) {
      b.setClientTls(read(tls, "key_file", key), read(tls, "cert_file", cert));
    }
    if (!tls.string("server_name", "").isEmpty()) {
      throw tls.error("server_name", "is not supported by jthanos's OTLP exporter; leave it empty");
    }
    if (tls.bool("insecure_skip_verify", false)) {
      throw tls.error("insecure_skip_verify", "is not supported by jthanos's OTLP exporter; set ca_file instead");
    }
    tls.finish();
    return b.build();
  }

  /** The options both exporters have, handed to the builder's setters. */
  private static void common(ConfigNode c, Consumer<Duration> timeout, Consumer<String> compression,
      Consumer<RetryPolicy> retry, BiConsumer<String, String> header) {
    Duration t = c.duration("timeout", Duration.ZERO);
    if (!t.isZero()) {
      timeout.accept(t);
    }
    if ("gzip".equals(c.string("compression", ""))) {
      compression.accept("gzip");
    }
    retry(c.child("retry_config")).ifPresent(retry);
    c.stringMap("headers").forEach(header);
  }

  /** The exporter's URL: the config's host:port with the scheme {@code insecure} says, or the standard variables. */
  private static String endpoint(ConfigNode c, String defaultHostPort, String path) {
    String hostPort = c.string("endpoint", "");
    boolean insecure = c.bool("insecure", false);
    if (hostPort.isEmpty()) {
      String traces = System.getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
      if (traces != null && !traces.isBlank()) {
        return traces.trim();
      }
      String base = System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT");
      if (base != null && !base.isBlank()) {
        String b = base.trim();
        return path.isEmpty() ? b : (b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + "/v1/traces";
      }
      hostPort = defaultHostPort;
    }
    if (hostPort.contains("://")) {
      throw c.error("endpoint", "must be host:port without a scheme (use insecure: true for plain text), got \""
          + hostPort + "\"");
    }
    return (insecure ? "http://" : "https://") + hostPort + path;
  }

  private static java.util.Optional<RetryPolicy> retry(ConfigNode r) {
    boolean enabled = r.bool("retry_enabled", false);
    Duration initial = r.duration("retry_initial_interval", Duration.ZERO);
    Duration max = r.duration("retry_max_interval", Duration.ZERO);
    r.duration("retry_max_elapsed_time", Duration.ZERO);
    r.finish();
    if (!enabled) {
      return java.util.Optional.empty();
    }
    var b = RetryPolicy.builder();
    if (!initial.isZero()) {
      b.setInitialBackoff(initial);
    }
    if (!max.isZero()) {
      b.setMaxBackoff(max);
    }
    return java.util.Optional.of(b.build());
  }

  /** Thanos's OTLP sampler: parent-based, with a root sampler from {@code sampler_type}, all by default. */
  private static Sampler sampler(ConfigNode c) {
    String type = c.string("sampler_type", "").toLowerCase(Locale.ROOT);
    String param = c.string("sampler_param", "");
    Sampler root = switch (type) {
      case "alwayssample" -> Sampler.alwaysOn();
      case "neversample" -> Sampler.alwaysOff();
      case "traceidratiobased" -> Sampler.traceIdRatioBased(ratio(c, param));
      case "" -> Sampler.traceIdRatioBased(1.0);
      default -> throw c.error("sampler_type",
          "unknown sampler type \"" + type + "\" (alwayssample, neversample, traceidratiobased)");
    };
    return Sampler.parentBased(root);
  }

  private static double ratio(ConfigNode c, String param) {
    try {
      double r = Double.parseDouble(param.trim());
      if (r < 0 || r > 1) {
        throw c.error("sampler_param", "must be a ratio between 0 and 1, got \"" + param + "\"");
      }
      return r;
    } catch (NumberFormatException e) {
      throw c.error("sampler_param", "must be a ratio between 0 and 1, got \"" + param + "\"");
    }
  }

  private static byte[] read(ConfigNode node, String key, String file) {
    try {
      return Files.readAllBytes(Path.of(file));
    } catch (IOException e) {
      throw node.error(key, "cannot read " + file + ": " + e.getMessage());
    }
  }
}
