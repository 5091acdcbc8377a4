package io.jthanos.cmd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jthanos.store.gateway.IndexCache;
import io.jthanos.store.gateway.StoreCaches;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Thanos's {@code --index-cache.config} for the store gateway: {@code type} ({@code IN-MEMORY} or {@code MEMCACHED},
 * case-insensitive), {@code config}, {@code enabled_items} ({@code Postings}, {@code Series},
 * {@code ExpandedPostings}; all when empty) and {@code ttl} (remote caches only, default 24h). The top level is read
 * strictly, as Thanos does. {@code REDIS} is refused by name. jthanos caches no expanded postings, so
 * {@code ExpandedPostings} is accepted and has no effect.
 */
final class IndexCacheConfig {
  static final Duration DEFAULT_TTL = Duration.ofHours(24);
  private static final long DEFAULT_MAX_SIZE = 250L << 20;

  private IndexCacheConfig() {}

  /**
   * The index cache the configuration {@code yaml}, read from {@code source}, asks for.
   *
   * @throws UserError naming the source and what in it is wrong or not supported
   */
  static StoreCaches.Index parse(String yaml, String source) {
    JsonNode root = CacheConfigs.root(yaml, source, "type", "config", "enabled_items", "ttl");
    Set<IndexCache.ItemType> items = enabledItems(root.path("enabled_items"), source);
    String type = root.path("type").asText("");
    JsonNode config = root.path("config");
    switch (type.toUpperCase(Locale.ROOT)) {
      case "IN-MEMORY" -> {
        if (root.has("ttl")) {
          throw new UserError(source + ": ttl is not supported for the IN-MEMORY index cache");
        }
        long[] sizes = inMemorySizes(config, source);
        return new StoreCaches.InMemoryIndex(sizes[0], sizes[1], items);
      }
      case "MEMCACHED" -> {
        Duration ttl = CacheConfigs.duration(root, "ttl", source, DEFAULT_TTL);
        if (ttl.isZero()) {
          ttl = DEFAULT_TTL; // as Thanos: 0 means the default
        }
        return new StoreCaches.RemoteIndex(CacheConfigs.memcached(config, source, "index-cache"), ttl, items);
      }
      case "REDIS" -> throw new UserError(source + ": index cache type REDIS is not supported by jthanos "
          + "(supported: IN-MEMORY, MEMCACHED)");
      default -> throw new UserError(source + ": index cache with type " + type + " is not supported");
    }
  }

  private static Set<IndexCache.ItemType> enabledItems(JsonNode list, String source) {
    if (list.isMissingNode() || list.isNull() || list.isEmpty()) {
      return EnumSet.allOf(IndexCache.ItemType.class);
    }
    if (!list.isArray()) {
      throw new UserError(source + ": enabled_items must be a list");
    }
    Set<IndexCache.ItemType> items = EnumSet.noneOf(IndexCache.ItemType.class);
    for (JsonNode n : list) {
      String name = n.asText();
      if (name.equals("ExpandedPostings")) {
        continue;
      }
      IndexCache.ItemType t = null;
      for (IndexCache.ItemType c : IndexCache.ItemType.values()) {
        if (c.label().equals(name)) {
          t = c;
        }
      }
      if (t == null) {
        throw new UserError(source + ": enabled_items: unsupported item type " + name
            + " (supported: Postings, Series, ExpandedPostings)");
      }
      items.add(t);
    }
    return items;
  }

  /** The in-memory cache's {@code max_size} and {@code max_item_size} (defaults 250MB and half of it, as Thanos's). */
  private static long[] inMemorySizes(JsonNode config, String source) {
    if (config.isMissingNode() || config.isNull()) {
      return new long[] {DEFAULT_MAX_SIZE, DEFAULT_MAX_SIZE / 2};
    }
    CacheConfigs.onlyKeys(config, source, "max_size", "max_item_size");
    long maxSize = config.has("max_size") ? CacheConfigs.bytes(config.get("max_size"), source, "config.max_size")
        : DEFAULT_MAX_SIZE;
    long maxItem = config.has("max_item_size")
        ? CacheConfigs.bytes(config.get("max_item_size"), source, "config.max_item_size") : DEFAULT_MAX_SIZE / 2;
    if (maxItem > maxSize) {
      throw new UserError(source + ": config.max_item_size (" + maxItem + ") must not exceed config.max_size ("
          + maxSize + ")");
    }
    return new long[] {maxSize, maxItem};
  }
}
