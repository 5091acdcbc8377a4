package io.jthanos.cmd.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jthanos.objstore.config.GoDuration;
import io.jthanos.store.cache.MemcachedClient;
import io.jthanos.store.cache.MemcachedConfig;
import io.jthanos.store.cache.RemoteCache;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What {@code --index-cache.config} and {@code --store.caching-bucket.config} share: their YAML and memcached. */
final class CacheConfigs {
  private static final Logger LOG = LoggerFactory.getLogger(CacheConfigs.class);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private CacheConfigs() {}

  /** The document's top-level mapping, which may hold only {@code keys} (Thanos reads it strictly). */
  static JsonNode root(String yaml, String source, String... keys) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new UserError(source + ": invalid YAML: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new UserError(source + ": expected a mapping with type: and config:");
    }
    onlyKeys(root, source, keys);
    return root;
  }

  /** Refuses any key of {@code node} but {@code keys}, naming it. */
  static void onlyKeys(JsonNode node, String source, String... keys) {
    if (!node.isObject()) {
      throw new UserError(source + ": expected a mapping");
    }
    List<String> known = List.of(keys);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!known.contains(k)) {
        throw new UserError(source + ": " + k + " is not a known field (known: " + String.join(", ", known) + ")");
      }
    }
  }

  /** A byte size as Thanos writes them ({@code 1MiB}, {@code 250MB}) or a plain number of bytes. */
  static long bytes(JsonNode value, String source, String key) {
    if (value.isIntegralNumber()) {
      return value.asLong();
    }
    try {
      return ByteSize.parse(value.asText());
    } catch (IllegalArgumentException e) {
      throw new UserError(source + ": " + key + ": " + e.getMessage(), e);
    }
  }

  /** The Go duration under {@code key} of {@code node}, or {@code dflt} when it is missing or null. */
  static Duration duration(JsonNode node, String key, String source, Duration dflt) {
    if (!node.hasNonNull(key)) {
      return dflt;
    }
    try {
      return GoDuration.parse(node.get(key).asText());
    } catch (IllegalArgumentException e) {
      throw new UserError(source + ": " + key + ": " + e.getMessage(), e);
    }
  }

  /**
   * The opener of a memcached client named {@code name} with the {@code config} section; the section is read
   * now, so that its errors stop the command before it starts.
   */
  static Function<MeterRegistry, RemoteCache> memcached(JsonNode config, String source, String name) {
    MemcachedConfig c;
    try {
      c = MemcachedConfig.parse(config, source);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
    if (!c.unknownKeys().isEmpty()) {
      LOG.warn("{}: ignoring unknown memcached config keys {}", source, c.unknownKeys());
    }
    return registry -> MemcachedClient.create(c, name, registry);
  }
}
