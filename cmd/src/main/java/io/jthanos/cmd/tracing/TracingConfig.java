package io.jthanos.cmd.tracing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jthanos.objstore.config.ConfigNode;
import io.jthanos.objstore.config.ObjstoreConfigException;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Thanos's tracing configuration ({@code --tracing.config} / {@code --tracing.config-file}): a YAML
 * document {@code {type: JAEGER|OTLP|..., config: {...}}} whose top level is read strictly and whose
 * {@code config} section, as Thanos's {@code yaml.Unmarshal}, ignores keys it does not know (they are logged).
 * An empty document disables tracing, as in Thanos.
 */
public final class TracingConfig {
  private TracingConfig() {}

  private static final Logger LOG = LoggerFactory.getLogger(TracingConfig.class);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<String> REFUSED = List.of("STACKDRIVER", "GOOGLE_CLOUD", "ELASTIC_APM", "LIGHTSTEP");

  /**
   * The tracing {@code yaml} configures.
   *
   * @param source where the YAML came from, for messages (a file name or the flag)
   * @throws IllegalArgumentException naming {@code source} and what is wrong
   */
  public static Tracing load(String yaml, String source) {
    if (yaml == null || yaml.isBlank()) {
      return Tracing.disabled();
    }
    try {
      return Tracing.of(provider(parse(yaml, source)));
    } catch (ObjstoreConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static ConfigNode parse(String yaml, String source) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": parsing config tracing YAML: " + e.getOriginalMessage(), e);
    }
    return ConfigNode.of(source, "", root);
  }

  private static SdkTracerProvider provider(ConfigNode root) {
    String type = root.string("type", "");
    ConfigNode config = root.child("config");
    root.finish();
    String source = root.source();
    SdkTracerProvider provider = switch (type.toUpperCase(Locale.ROOT)) {
      case "JAEGER" -> JaegerTracing.provider(config);
      case "OTLP" -> OtlpTracing.provider(config);
      default -> {
        if (REFUSED.contains(type.toUpperCase(Locale.ROOT))) {
          throw new IllegalArgumentException(source + ": tracing with type " + type
              + " is not supported by jthanos; use JAEGER or OTLP (an OpenTelemetry Collector can forward OTLP)");
        }
        throw new IllegalArgumentException(source + ": tracing with type " + type + " is not supported");
      }
    };
    List<String> ignored = config.unknownKeys();
    if (!ignored.isEmpty()) {
      LOG.atWarn().addKeyValue("source", source).addKeyValue("keys", String.join(", ", ignored))
          .log("tracing: ignoring unknown keys of the " + type + " config, as Thanos does");
    }
    LOG.atInfo().addKeyValue("type", type).log("tracing enabled");
    return provider;
  }
}
