package io.jthanos.store.cache;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Thanos's {@code MemcachedClientConfig} ({@code pkg/cacheutil/memcached_client.go}): the {@code config:} of a
 * {@code type: MEMCACHED} index cache or caching bucket, with Thanos's defaults.
 *
 * <p>Not supported, and refused by name rather than ignored: {@code auto_discovery: true} (the ElastiCache
 * {@code config get cluster} protocol) and TLS ({@code tls_enabled: true}, {@code tls_config}). Keys Thanos does
 * not know are ignored as Go's {@code yaml.v2} ignores them, and listed in {@link #unknownKeys()} for the caller
 * to log.
 *
 * @param addresses {@code addresses}: {@code host:port}, {@code dns+host:port}, {@code dnssrv+_service._proto.name}
 *     or {@code dnssrvnoa+_service._proto.name}; required
 * @param timeout {@code timeout}: connect and socket read timeout, default 500ms (0 means 500ms, as gomemcache)
 * @param maxIdleConnections {@code max_idle_connections} per server, default 100 (0 or less means 2, as gomemcache)
 * @param maxAsyncConcurrency {@code max_async_concurrency}: threads storing items, default 20; must be positive
 * @param maxAsyncBufferSize {@code max_async_buffer_size}: items waiting to be stored, default 10000
 * @param maxGetMultiConcurrency {@code max_get_multi_concurrency}: requests to servers in flight at once for
 *     {@code getMulti}, default 100; 0 for no limit
 * @param maxGetMultiBatchSize {@code max_get_multi_batch_size}: keys per request, default 0 for no limit
 * @param maxItemSize {@code max_item_size} in bytes ({@code 1MiB}, {@code 5MB}): larger items are not stored,
 *     default 1MiB; 0 for no limit
 * @param dnsProviderUpdateInterval {@code dns_provider_update_interval}: how often addresses are resolved again,
 *     default 10s; must be positive
 * @param setAsyncCircuitBreaker {@code set_async_circuit_breaker_config}
 * @param unknownKeys keys of the mapping (and of the circuit breaker's) that Thanos does not know, e.g.
 *     {@code config.max_idle_conns}
 */
public record MemcachedConfig(List<String> addresses, Duration timeout, int maxIdleConnections,
        int maxAsyncConcurrency, int maxAsyncBufferSize, int maxGetMultiConcurrency, int maxGetMultiBatchSize,
        long maxItemSize, Duration dnsProviderUpdateInterval, CircuitBreakerConfig setAsyncCircuitBreaker,
        List<String> unknownKeys) {

    private static final Set<String> KEYS = Set.of("addresses", "timeout", "max_idle_connections",
            "max_async_concurrency", "max_async_buffer_size", "max_get_multi_concurrency", "max_get_multi_batch_size",
            "max_item_size", "dns_provider_update_interval", "auto_discovery", "set_async_circuit_breaker_config");

    public MemcachedConfig {
        addresses = List.copyOf(addresses);
        unknownKeys = List.copyOf(unknownKeys);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no memcached addresses provided");
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative");
        }
        if (maxAsyncConcurrency <= 0) {
            throw new IllegalArgumentException("max async concurrency must be positive");
        }
        if (maxAsyncBufferSize < 0) {
            throw new IllegalArgumentException("max async buffer size must not be negative");
        }
        if (maxItemSize < 0) {
            throw new IllegalArgumentException("max item size must not be negative");
        }
        if (dnsProviderUpdateInterval.isNegative() || dnsProviderUpdateInterval.isZero()) {
            throw new IllegalArgumentException("DNS provider update interval must be positive");
        }
    }

    /** Thanos's defaults for {@code addresses}. */
    public static MemcachedConfig defaults(List<String> addresses) {
        return new MemcachedConfig(addresses, Duration.ofMillis(500), 100, 20, 10_000, 100, 0, 1L << 20,
                Duration.ofSeconds(10), CircuitBreakerConfig.DEFAULT, List.of());
    }

    /**
     * Reads {@code config}, the mapping under {@code config:}, over Thanos's defaults.
     *
     * @param source names the configuration in messages, e.g. {@code index-cache.config}
     * @throws IllegalArgumentException naming {@code source} and the key, e.g.
     *     {@code index-cache.config: config.timeout: invalid duration "5x"}
     */
    public static MemcachedConfig parse(JsonNode config, String source) {
        if (config == null || config.isNull() || config.isMissingNode()) {
            throw new IllegalArgumentException(source + ": config.addresses: no memcached addresses provided");
        }
        if (!config.isObject()) {
            throw new IllegalArgumentException(source + ": config: expected a mapping");
        }
        ConfigFields f = new ConfigFields(config, source, "config.");
        if (f.bool("auto_discovery", false)) {
            throw f.error("auto_discovery", "auto-discovery is not supported by jthanos; list the servers, or use "
                    + "dns+ or dnssrv+ addresses");
        }
        if (f.has("tls_enabled") && f.bool("tls_enabled", false) || f.has("tls_config")) {
            throw f.error(f.has("tls_config") ? "tls_config" : "tls_enabled",
                    "TLS to memcached is not supported by jthanos");
        }
        List<String> unknown = new ArrayList<>(f.unknownKeys(KEYS));
        MemcachedConfig d = defaults(List.of("unused"));
        List<String> addresses = f.strings("addresses");
        if (addresses.isEmpty()) {
            throw f.error("addresses", "no memcached addresses provided");
        }
        Duration timeout = f.duration("timeout", d.timeout);
        if (timeout.isNegative()) {
            throw f.error("timeout", "must not be negative");
        }
        int maxAsyncConcurrency = f.integer("max_async_concurrency", d.maxAsyncConcurrency);
        if (maxAsyncConcurrency <= 0) {
            throw f.error("max_async_concurrency", "max async concurrency must be positive");
        }
        int maxAsyncBufferSize = f.unsigned("max_async_buffer_size", d.maxAsyncBufferSize);
        Duration dnsInterval = f.duration("dns_provider_update_interval", d.dnsProviderUpdateInterval);
        if (dnsInterval.isNegative() || dnsInterval.isZero()) {
            throw f.error("dns_provider_update_interval", "DNS provider update interval must be positive");
        }
        return new MemcachedConfig(addresses, timeout,
                f.integer("max_idle_connections", d.maxIdleConnections),
                maxAsyncConcurrency, maxAsyncBufferSize,
                f.integer("max_get_multi_concurrency", d.maxGetMultiConcurrency),
                f.integer("max_get_multi_batch_size", d.maxGetMultiBatchSize),
                f.bytes("max_item_size", d.maxItemSize),
                dnsInterval,
                CircuitBreakerConfig.parse(f.object("set_async_circuit_breaker_config"), unknown),
                unknown);
    }
}
