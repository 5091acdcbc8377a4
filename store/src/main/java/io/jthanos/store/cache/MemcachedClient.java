package io.jthanos.store.cache;

import io.jthanos.store.cache.MemcachedMetrics.Operation;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A memcached client with the behaviour of Thanos's ({@code pkg/cacheutil/memcached_client.go} over gomemcache),
 * so that it can share a cluster with Thanos: keys spread over the servers by {@link JumpHashSelector}, items
 * stored with an absolute expiry time, the same limits and metrics ({@link MemcachedMetrics}).
 *
 * <ul>
 *   <li>{@link #getMulti}: keys grouped by server and cut into batches of {@code max_get_multi_batch_size}, each
 *       batch one {@code get} request; at most {@code max_get_multi_concurrency} requests in flight per client. A
 *       failed request makes its keys misses; the others still count (Thanos drops the whole batch).
 *   <li>{@link #setAsync}: items over {@code max_item_size} are skipped, the rest queued
 *       ({@code max_async_buffer_size}; full → skipped) for {@code max_async_concurrency} threads, behind the
 *       optional {@link CircuitBreaker}.
 *   <li>Keys longer than 250 bytes or with spaces or control characters are never sent: a failure with reason
 *       {@code malformed-key}.
 *   <li>Addresses are resolved at creation ({@link DnsProvider}) and every {@code dns_provider_update_interval}
 *       on a background thread; a refresh that yields nothing keeps the servers.
 * </ul>
 *
 * Thread-safe.
 */
public final class MemcachedClient implements RemoteCache {
    private static final Logger LOG = LoggerFactory.getLogger(MemcachedClient.class);
    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String name;
    private final MemcachedConfig config;
    private final MemcachedMetrics metrics;
    private final DnsProvider dns;
    private final ConnectionPool pool;
    private final CircuitBreaker breaker;
    private final Semaphore getMultiGate;
    private final ExecutorService getMultiExecutor = Executors.newVirtualThreadPerTaskExecutor();
    private final AsyncQueue sets;
    private final ScheduledExecutorService refresher;
    private final RateLimitedLog getFailures = new RateLimitedLog(LOG, WARN_INTERVAL_NANOS);
    private final RateLimitedLog breakerRefusals = new RateLimitedLog(LOG, WARN_INTERVAL_NANOS);
    private volatile JumpHashSelector selector;
    private volatile boolean closed;

    private MemcachedClient(MemcachedConfig config, String name, MeterRegistry registry, DnsLookup lookup) {
        this.name = name;
        this.config = config;
        metrics = new MemcachedMetrics(registry, name, config);
        dns = new DnsProvider(lookup, registry, name);
        selector = new JumpHashSelector(checkServers(dns.resolve(config.addresses())));
        Duration timeout = config.timeout().isZero() ? Duration.ofMillis(500) : config.timeout();
        pool = new ConnectionPool(timeout, config.maxIdleConnections() > 0 ? config.maxIdleConnections() : 2);
        breaker = new CircuitBreaker(config.setAsyncCircuitBreaker(), System::nanoTime);
        getMultiGate = config.maxGetMultiConcurrency() > 0 ? new Semaphore(config.maxGetMultiConcurrency()) : null;
        sets = new AsyncQueue(config.maxAsyncBufferSize(), config.maxAsyncConcurrency(), "memcached-" + name + "-set");
        refresher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("memcached-" + name + "-dns").daemon().factory());
        long interval = config.dnsProviderUpdateInterval().toNanos();
        refresher.scheduleWithFixedDelay(this::refreshServers, interval, interval, TimeUnit.NANOSECONDS);
    }

    /**
     * Resolves the addresses and starts the client's threads.
     *
     * @param name the value of the {@code name} tag of the metrics, e.g. {@code index-cache}
     * @throws IllegalArgumentException when the addresses resolve to no server, or to one without a port
     */
    public static MemcachedClient create(MemcachedConfig config, String name, MeterRegistry registry) {
        return create(config, name, registry, SystemDnsLookup.INSTANCE);
    }

    static MemcachedClient create(MemcachedConfig config, String name, MeterRegistry registry, DnsLookup lookup) {
        try {
            return new MemcachedClient(config, name, registry, lookup);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("memcached client " + name + ": " + e.getMessage(), e);
        }
    }

    /** The servers keys are spread over now, in hash order. */
    public List<String> servers() {
        return selector.servers();
    }

    private static List<String> checkServers(List<String> servers) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no server address resolved");
        }
        for (String server : servers) {
            if (DnsProvider.splitHostPort(server) == null) {
                throw new IllegalArgumentException("address " + server + ": missing port");
            }
        }
        return servers;
    }

    private void refreshServers() {
        try {
            List<String> servers = checkServers(dns.resolve(config.addresses()));
            JumpHashSelector next = new JumpHashSelector(servers);
            if (!next.servers().equals(selector.servers())) {
                LOG.info("memcached servers changed: name={} servers={}", name, next.servers());
                selector = next;
                pool.retain(next.servers());
            }
        } catch (RuntimeException e) {
            LOG.warn("failed update memcached servers list: name={}: {}", name, e.getMessage());
        }
    }

    @Override
    public Map<String, byte[]> getMulti(List<String> keys) {
        if (keys.isEmpty() || closed) {
            return Map.of();
        }
        JumpHashSelector s = selector;
        Map<String, List<String>> byServer = new LinkedHashMap<>();
        int malformed = 0;
        for (String key : new LinkedHashSet<>(keys)) {
            if (!MemcachedKeys.valid(key)) {
                malformed++;
                continue;
            }
            byServer.computeIfAbsent(s.pick(key), k -> new ArrayList<>()).add(key);
        }
        if (malformed > 0) {
            metrics.failed(Operation.GET_MULTI, FailureReason.MALFORMED_KEY);
            LOG.debug("memcached getmulti skipped malformed keys: name={} count={}", name, malformed);
        }
        List<Batch> batches = new ArrayList<>();
        int batchSize = config.maxGetMultiBatchSize();
        for (Map.Entry<String, List<String>> e : byServer.entrySet()) {
            List<String> serverKeys = e.getValue();
            int step = batchSize > 0 ? batchSize : serverKeys.size();
            for (int i = 0; i < serverKeys.size(); i += step) {
                batches.add(new Batch(e.getKey(), serverKeys.subList(i, Math.min(serverKeys.size(), i + step))));
            }
        }
        if (batches.size() == 1) {
            return fetch(batches.getFirst());
        }
        List<Future<Map<String, byte[]>>> futures = new ArrayList<>(batches.size());
        for (Batch batch : batches) {
            futures.add(getMultiExecutor.submit(() -> fetch(batch)));
        }
        Map<String, byte[]> hits = new HashMap<>();
        for (Future<Map<String, byte[]>> f : futures) {
            try {
                hits.putAll(f.get());
            } catch (InterruptedException e) {
                futures.forEach(g -> g.cancel(true));
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException e) {
                // fetch counts and logs its own failures; nothing else can throw
                LOG.warn("memcached getmulti: name={}: {}", name, e.getCause().toString());
            }
        }
        return hits;
    }

    private record Batch(String server, List<String> keys) {}

    /** One {@code get} request; a failure is counted, logged and makes every key a miss. */
    private Map<String, byte[]> fetch(Batch batch) {
        if (getMultiGate != null) {
            try {
                getMultiGate.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Map.of();
            }
        }
        try {
            metrics.attempted(Operation.GET_MULTI);
            long start = System.nanoTime();
            MemcachedConnection connection = null;
            try {
                connection = pool.borrow(batch.server);
                Map<String, byte[]> values = connection.get(batch.keys);
                pool.release(connection);
                long bytes = 0;
                for (byte[] v : values.values()) {
                    bytes += v.length;
                }
                metrics.succeeded(Operation.GET_MULTI, System.nanoTime() - start, bytes);
                return values;
            } catch (Exception e) {
                if (connection != null) {
                    connection.close();
                }
                if (!closed) {
                    metrics.failed(Operation.GET_MULTI, FailureReason.of(e));
                    getFailures.warn(
                            "failed to fetch items from memcached: name={} server={} numKeys={} firstKey={}: {}",
                            name, batch.server, batch.keys.size(), batch.keys.getFirst(), e.toString());
                }
                return Map.of();
            }
        } finally {
            if (getMultiGate != null) {
                getMultiGate.release();
            }
        }
    }

    @Override
    public void setAsync(String key, byte[] value, Duration ttl) {
        if (closed) {
            return;
        }
        if (config.maxItemSize() > 0 && value.length > config.maxItemSize()) {
            metrics.skippedTooLarge();
            return;
        }
        if (!sets.offer(() -> store(key, value, ttl))) {
            metrics.skippedBufferFull();
            LOG.debug("failed to store item to memcached because the async buffer is full: name={}", name);
        }
    }

    private void store(String key, byte[] value, Duration ttl) {
        metrics.attempted(Operation.SET);
        if (!MemcachedKeys.valid(key)) {
            metrics.failed(Operation.SET, FailureReason.MALFORMED_KEY);
            return;
        }
        if (!breaker.tryAcquire()) {
            metrics.failed(Operation.SET, FailureReason.OTHER);
            breakerRefusals.warn("circuit breaker disallows storing item in memcached: name={} key={}", name, key);
            return;
        }
        long start = System.nanoTime();
        String server = selector.pick(key);
        MemcachedConnection connection = null;
        try {
            connection = pool.borrow(server);
            connection.set(key, value, expiration(ttl));
            pool.release(connection);
            breaker.success();
            metrics.succeeded(Operation.SET, System.nanoTime() - start, value.length);
        } catch (Exception e) {
            if (connection != null) {
                connection.close();
            }
            if (!closed) {
                breaker.failure();
                metrics.failed(Operation.SET, FailureReason.of(e));
                LOG.debug("failed to store item to memcached: name={} key={} sizeBytes={} server={}: {}",
                        name, key, value.length, server, e.toString());
            }
        }
    }

    /**
     * memcached's {@code exptime} as Thanos sends it: the absolute Unix time in seconds of now + ttl (memcached
     * reads any value over 30 days as absolute). A ttl of zero or less never expires.
     */
    static long expiration(Duration ttl) {
        if (ttl.isZero() || ttl.isNegative()) {
            return 0;
        }
        return (System.currentTimeMillis() + ttl.toMillis()) / 1000;
    }

    @Override
    public void close() {
        closed = true;
        refresher.shutdownNow();
        sets.close();
        getMultiExecutor.shutdownNow();
        pool.close();
    }
}
