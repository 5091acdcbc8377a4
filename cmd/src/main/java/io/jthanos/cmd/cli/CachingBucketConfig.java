package io.jthanos.cmd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jthanos.store.gateway.StoreCaches;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thanos's {@code --store.caching-bucket.config}: {@code type} ({@code IN-MEMORY} or {@code MEMCACHED},
 * case-insensitive), {@code config}, and the caching bucket's options. jthanos's caching bucket caches chunk
 * subranges ({@code chunk_subrange_size}, default 16000; {@code max_chunks_get_range_requests}, default 3;
 * {@code chunk_subrange_ttl}, default 24h). It does not cache object attributes, listings or meta files: their
 * options ({@code chunk_object_attrs_ttl}, {@code blocks_iter_ttl}, {@code metafile_*}) are read, checked and logged
 * as having no effect. The store gateway reads {@code meta.json} files from its local cache directory already.
 */
final class CachingBucketConfig {
  private static final Logger LOG = LoggerFactory.getLogger(CachingBucketConfig.class);
  private static final long DEFAULT_IN_MEMORY_SIZE = 250L << 20;
  private static final String[] NOT_CACHED = {"chunk_object_attrs_ttl", "blocks_iter_ttl", "metafile_exists_ttl",
      "metafile_doesnt_exist_ttl", "metafile_content_ttl", "metafile_max_size"};

  private CachingBucketConfig() {}

  /**
   * The chunk cache the configuration {@code yaml}, read from {@code source}, asks for.
   *
   * @throws UserError naming the source and what in it is wrong or not supported
   */
  static StoreCaches.Chunks parse(String yaml, String source) {
    JsonNode root = CacheConfigs.root(yaml, source, "type", "config", "chunk_subrange_size",
        "max_chunks_get_range_requests", "chunk_subrange_ttl", "chunk_object_attrs_ttl", "blocks_iter_ttl",
        "metafile_exists_ttl", "metafile_doesnt_exist_ttl", "metafile_content_ttl", "metafile_max_size");
    long subrange = root.has("chunk_subrange_size")
        ? CacheConfigs.bytes(root.get("chunk_subrange_size"), source, "chunk_subrange_size")
        : StoreCaches.DEFAULT_CHUNK_SUBRANGE_SIZE;
    if (subrange <= 0 || subrange > 1 << 30) {
      throw new UserError(source + ": chunk_subrange_size must be between 1 and 1GiB, got " + subrange);
    }
    int maxRequests = root.path("max_chunks_get_range_requests")
        .asInt(StoreCaches.DEFAULT_MAX_CHUNKS_GET_RANGE_REQUESTS);
    Duration ttl = CacheConfigs.duration(root, "chunk_subrange_ttl", source, Duration.ofHours(24));
    StringBuilder ignored = new StringBuilder();
    for (String k : NOT_CACHED) {
      if (root.has(k)) {
        if (k.equals("metafile_max_size")) {
          CacheConfigs.bytes(root.get(k), source, k);
        } else {
          CacheConfigs.duration(root, k, source, Duration.ZERO);
        }
        ignored.append(ignored.isEmpty() ? "" : ", ").append(k);
      }
    }
    if (!ignored.isEmpty()) {
      LOG.info("{}: jthanos's caching bucket caches chunks only; {} have no effect", source, ignored);
    }
    String type = root.path("type").asText("");
    JsonNode config = root.path("config");
    return switch (type.toUpperCase(Locale.ROOT)) {
      case "IN-MEMORY" -> {
        long maxSize = DEFAULT_IN_MEMORY_SIZE;
        if (!config.isMissingNode() && !config.isNull()) {
          CacheConfigs.onlyKeys(config, source, "max_size", "max_item_size");
          if (config.has("max_size")) {
            maxSize = CacheConfigs.bytes(config.get("max_size"), source, "config.max_size");
          }
          if (config.has("max_item_size")) {
            CacheConfigs.bytes(config.get("max_item_size"), source, "config.max_item_size"); // subranges are small
          }
        }
        yield new StoreCaches.InMemoryChunks(maxSize, (int) subrange, maxRequests);
      }
      case "MEMCACHED" -> new StoreCaches.RemoteChunks(CacheConfigs.memcached(config, source, "caching-bucket"), ttl,
          (int) subrange, maxRequests);
      case "REDIS", "GROUPCACHE" -> throw new UserError(source + ": caching bucket type " + type.toUpperCase(Locale.ROOT)
          + " is not supported by jthanos (supported: IN-MEMORY, MEMCACHED)");
      default -> throw new UserError(source + ": unsupported cache type: " + type);
    };
  }
}
