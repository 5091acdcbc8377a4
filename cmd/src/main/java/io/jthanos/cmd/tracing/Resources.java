package io.jthanos.cmd.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.resources.Resource;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The resource (service name and other attributes) spans are exported with: the standard
 * {@code OTEL_RESOURCE_ATTRIBUTES} and {@code OTEL_SERVICE_NAME} variables, overridden by what the tracing
 * config sets, as OpenTelemetry Go's {@code WithResource} merges them for Thanos. Without any service name,
 * {@code unknown_service:thanos}, Go's default for the {@code thanos} binary.
 */
final class Resources {
  private Resources() {}

  static final String SERVICE_NAME = "service.name";

  /** {@code service.name} set to {@code name}, or nothing when it is empty. */
  static Attributes serviceName(String name) {
    return name.isEmpty() ? Attributes.empty() : Attributes.builder().put(SERVICE_NAME, name).build();
  }

  /** The environment's attributes, then {@code configured} over them. */
  static Resource resource(Attributes configured) {
    AttributesBuilder b = Attributes.builder();
    b.put(SERVICE_NAME, "unknown_service:thanos");
    String attrs = System.getenv("OTEL_RESOURCE_ATTRIBUTES");
    if (attrs != null) {
      for (String pair : attrs.split(",")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          b.put(decode(pair.substring(0, eq).trim()), decode(pair.substring(eq + 1).trim()));
        }
      }
    }
    String service = System.getenv("OTEL_SERVICE_NAME");
    if (service != null && !service.isBlank()) {
      b.put(SERVICE_NAME, service.trim());
    }
    b.putAll(configured);
    return Resource.create(b.build());
  }

  /**
   * Jaeger's {@code tags}: comma-separated {@code key=value} pairs, a value {@code ${VAR:default}} read from the
   * environment; pairs without {@code =} are skipped, as Thanos does.
   */
  static Attributes tags(String tags) {
    AttributesBuilder b = Attributes.builder();
    for (String pair : tags.split(",")) {
      int eq = pair.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = pair.substring(0, eq).trim();
      String value = pair.substring(eq + 1).trim();
      if (value.startsWith("${") && value.endsWith("}")) {
        String ref = value.substring(2, value.length() - 1);
        int colon = ref.indexOf(':');
        String var = colon < 0 ? ref : ref.substring(0, colon);
        String dflt = colon < 0 ? "" : ref.substring(colon + 1);
        String env = System.getenv(var);
        value = env == null || env.isEmpty() ? dflt : env;
      }
      b.put(key, value);
    }
    return b.build();
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
