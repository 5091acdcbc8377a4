package io.jthanos.cmd.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * Thanos's {@code --index-cache.config} for the store gateway. jthanos has the in-memory index cache only:
 * {@code type: IN-MEMORY} with {@code config.max_size} (default 250MB, as Thanos's) sets its size, as
 * {@code --index-cache-size} does. {@code MEMCACHED}, {@code REDIS} and the in-memory cache's other fields are
 * refused by name rather than ignored.
 */
final class IndexCacheConfig {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final long DEFAULT_MAX_SIZE = 250L << 20;
  private static final Set<String> TOP = Set.of("type", "config", "enabled_items", "ttl");

  private IndexCacheConfig() {}

  /**
   * The in-memory index cache's size from the configuration {@code yaml}, read from {@code source}.
   *
   * @throws UserError naming the source and what in it is wrong or not supported
   */
  static long maxSize(String yaml, String source) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new UserError(source + ": invalid YAML: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new UserError(source + ": expected a mapping with type: and config:");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!TOP.contains(k)) {
        throw new UserError(source + ": " + k + " is not a known field");
      }
    }
    String type = root.path("type").asText("").toUpperCase(Locale.ROOT);
    if (!type.equals("IN-MEMORY")) {
      throw new UserError(source + ": index cache type \"" + root.path("type").asText("")
          + "\" is not supported yet by jthanos (supported: IN-MEMORY)");
    }
    if (root.has("enabled_items") || root.has("ttl")) {
      throw new UserError(source + ": " + (root.has("ttl") ? "ttl" : "enabled_items") + " is not supported yet by jthanos");
    }
    JsonNode config = root.path("config");
    if (config.isMissingNode() || config.isNull()) {
      return DEFAULT_MAX_SIZE;
    }
    if (!config.isObject()) {
      throw new UserError(source + ": config must be a mapping");
    }
    for (Iterator<String> it = config.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!k.equals("max_size")) {
        throw new UserError(source + ": config." + k + (k.equals("max_item_size") || k.equals("enabled_items")
            ? " is not supported yet by jthanos" : " is not a known field"));
      }
    }
    if (!config.has("max_size")) {
      return DEFAULT_MAX_SIZE;
    }
    try {
      return ByteSize.parse(config.get("max_size").asText());
    } catch (IllegalArgumentException e) {
      throw new UserError(source + ": config.max_size: " + e.getMessage());
    }
  }
}
