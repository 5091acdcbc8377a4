package io.jthanos.store.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link MemcachedClient} against real memcached servers ({@link MemcachedServer}). */
class MemcachedClientTest {
    private static final Duration TTL = Duration.ofHours(1);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable r : resources.reversed()) {
            r.close();
        }
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    private MemcachedServer server() throws Exception {
        return track(MemcachedServer.start());
    }

    private MemcachedClient client(String yaml) {
        return track(MemcachedClient.create(MemcachedConfigTest.parse(yaml), "index-cache", registry));
    }

    private double counter(String name, String... tags) {
        return registry.get(name).tags("name", "index-cache").tags(tags).counter().count();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    /** Waits until the client has finished {@code n} sets, stored or failed. */
    private void awaitSets(int n) throws InterruptedException {
        await(n + " sets", () -> registry.get("thanos_memcached_operation_duration").tag("operation", "set").timer()
                .count() + failures("set") >= n);
    }

    private double failures(String operation) {
        double sum = 0;
        for (var c : registry.get("thanos_memcached_operation_failures").tag("operation", operation).counters()) {
            sum += c.count();
        }
        return sum;
    }

    /** A port where nothing listens. */
    private static int deadPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void storesAndFetchesBinaryValues() throws Exception {
        MemcachedServer server = server();
        MemcachedClient client = client("addresses: [" + server.address() + "]");
        byte[] binary = new byte[100_000];
        new Random(42).nextBytes(binary);
        Map<String, byte[]> values = Map.of(
                "crlf", bytes("line\r\nEND\r\nVALUE x 0 1\r\n"),
                "empty", new byte[0],
                "binary", binary,
                "ünïcode-key", bytes("v"));
        values.forEach((k, v) -> client.setAsync(k, v, TTL));
        awaitSets(values.size());

        Map<String, byte[]> got = client.getMulti(List.of("crlf", "empty", "binary", "ünïcode-key", "absent"));
        assertThat(got).containsOnlyKeys(values.keySet());
        values.forEach((k, v) -> assertThat(got.get(k)).as(k).isEqualTo(v));
        assertThat(client.getMulti(List.of())).isEmpty();
        assertThat(failures("set") + failures("getmulti")).isZero();
    }

    @Test
    void itemsExpireAfterTheirTtl() throws Exception {
        MemcachedServer server = server();
        MemcachedClient client = client("addresses: [" + server.address() + "]");
        client.setAsync("short", bytes("v"), Duration.ofSeconds(2));
        client.setAsync("long", bytes("v"), TTL);
        awaitSets(2);
        assertThat(client.getMulti(List.of("short", "long"))).containsOnlyKeys("short", "long");
        await("expiry", () -> !client.getMulti(List.of("short")).containsKey("short"));
        assertThat(client.getMulti(List.of("short", "long"))).containsOnlyKeys("long");
    }

    @Test
    void keysAreSpreadOverServersByTheSelector() throws Exception {
        MemcachedServer a = server();
        MemcachedServer b = server();
        MemcachedClient client = client("addresses: [" + a.address() + ", " + b.address() + "]");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            keys.add("key-" + i);
            client.setAsync("key-" + i, bytes("value-" + i), TTL);
        }
        awaitSets(keys.size());

        JumpHashSelector selector = new JumpHashSelector(List.of(a.address(), b.address()));
        assertThat(client.servers()).isEqualTo(selector.servers());
        int onA = 0;
        for (MemcachedServer s : List.of(a, b)) {
            try (MemcachedConnection direct = MemcachedConnection.open(s.address(), Duration.ofSeconds(2))) {
                Map<String, byte[]> held = direct.get(keys);
                for (String key : keys) {
                    assertThat(held.containsKey(key)).as(key + " on " + s.address())
                            .isEqualTo(selector.pick(key).equals(s.address()));
                }
                if (s == a) {
                    onA = held.size();
                }
            }
        }
        assertThat(onA).isBetween(10, 40);
        Map<String, byte[]> got = client.getMulti(keys);
        assertThat(got).hasSize(50);
        assertThat(got.get("key-7")).isEqualTo(bytes("value-7"));
        assertThat(counter("thanos_memcached_operations", "operation", "getmulti")).as("one request per server")
                .isEqualTo(2);
    }

    @Test
    void getMultiSplitsIntoBatches() throws Exception {
        MemcachedServer server = server();
        MemcachedClient client = client("{addresses: [" + server.address() + "], max_get_multi_batch_size: 2, "
                + "max_get_multi_concurrency: 2}");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            keys.add("k" + i);
            client.setAsync("k" + i, bytes("v" + i), TTL);
        }
        awaitSets(10);
        assertThat(client.getMulti(keys)).hasSize(10);
        assertThat(counter("thanos_memcached_operations", "operation", "getmulti")).isEqualTo(5);
        assertThat(registry.get("thanos_memcached_operation_data_size_bytes").tag("operation", "getmulti")
                .summary().totalAmount()).isEqualTo(20);
    }

    @Test
    void itemsOverTheMaxItemSizeAreSkipped() throws Exception {
        MemcachedServer server = server();
        MemcachedClient client = client("{addresses: [" + server.address() + "], max_item_size: 1KiB}");
        client.setAsync("big", new byte[1025], TTL);
        client.setAsync("fits", new byte[1024], TTL);
        awaitSets(1);
        assertThat(counter("thanos_memcached_operation_skipped", "operation", "set", "reason", "max-item-size"))
                .isEqualTo(1);
        assertThat(client.getMulti(List.of("big", "fits"))).containsOnlyKeys("fits");
    }

    @Test
    void anItemTheServerRefusesIsAServerError() throws Exception {
        MemcachedServer server = server();
        MemcachedClient client = client("{addresses: [" + server.address() + "], max_item_size: 0}");
        client.setAsync("too-big-for-memcached", new byte[2 << 20], TTL);
        client.setAsync("after", bytes("v"), TTL);
        awaitSets(2);
        assertThat(counter("thanos_memcached_operation_failures", "operation", "set", "reason", "server-error"))
                .isEqualTo(1);
        assertThat(client.getMulti(List.of("too-big-for-memcached", "after"))).containsOnlyKeys("after");
    }

    @Test
    void aFullAsyncBufferSkipsSets() throws Exception {
        try (ServerSocket blackHole = new ServerSocket(0)) {
            MemcachedClient client = client("{addresses: [127.0.0.1:" + blackHole.getLocalPort() + "], "
                    + "timeout: 2s, max_async_concurrency: 1, max_async_buffer_size: 1}");
            for (int i = 0; i < 10; i++) {
                client.setAsync("k" + i, bytes("v"), TTL);
            }
            // one set in the worker (waiting for a reply that never comes), one in the buffer
            assertThat(counter("thanos_memcached_operation_skipped", "operation", "set", "reason", "async-buffer-full"))
                    .isBetween(8.0, 9.0);
        }
    }

    @Test
    void aDeadServerMakesMissesAndCountsFailures() throws Exception {
        MemcachedServer live = server();
        String dead = "127.0.0.1:" + deadPort();
        MemcachedClient client = client("addresses: [" + live.address() + ", " + dead + "]");
        JumpHashSelector selector = new JumpHashSelector(List.of(live.address(), dead));
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            keys.add("key-" + i);
            client.setAsync("key-" + i, bytes("v"), TTL);
        }
        awaitSets(20);
        long onLive = keys.stream().filter(k -> selector.pick(k).equals(live.address())).count();
        assertThat(onLive).isBetween(1L, 19L);

        Map<String, byte[]> got = client.getMulti(keys);
        assertThat(got).hasSize((int) onLive);
        assertThat(got.keySet()).allSatisfy(k -> assertThat(selector.pick(k)).isEqualTo(live.address()));
        assertThat(counter("thanos_memcached_operation_failures", "operation", "getmulti", "reason", "network-error"))
                .isEqualTo(1);
        assertThat(counter("thanos_memcached_operation_failures", "operation", "set", "reason", "network-error"))
                .isEqualTo(20 - onLive);
    }

    @Test
    void theCircuitBreakerStopsSetsToAFailingServer() throws Exception {
        MemcachedClient client = client("{addresses: [127.0.0.1:" + deadPort() + "], max_async_concurrency: 1, "
                + "set_async_circuit_breaker_config: {enabled: true, min_requests: 2, consecutive_failures: 2}}");
        for (int i = 0; i < 10; i++) {
            client.setAsync("k" + i, bytes("v"), TTL);
        }
        awaitSets(10);
        assertThat(counter("thanos_memcached_operation_failures", "operation", "set", "reason", "network-error"))
                .isEqualTo(2);
        assertThat(counter("thanos_memcached_operation_failures", "operation", "set", "reason", "other"))
                .as("refused by the open breaker").isEqualTo(8);
    }

    @Test
    void expirationIsAnAbsoluteUnixTime() {
        long now = System.currentTimeMillis() / 1000;
        assertThat(MemcachedClient.expiration(Duration.ofHours(24))).isBetween(now + 86_400, now + 86_401);
        assertThat(MemcachedClient.expiration(Duration.ZERO)).isZero();
    }

    @Test
    void aServerThatDoesNotAnswerTimesOut() throws Exception {
        try (ServerSocket blackHole = new ServerSocket(0)) {
            MemcachedClient client = client("{addresses: [127.0.0.1:" + blackHole.getLocalPort() + "], timeout: 200ms}");
            long start = System.nanoTime();
            assertThat(client.getMulti(List.of("a", "b"))).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(counter("thanos_memcached_operation_failures", "operation", "getmulti", "reason", "timeout"))
                    .isEqualTo(1);
        }
    }

    @Test
    void malformedKeysAreNeverSent() throws Exception {
        MemcachedServer server = server();
        MemcachedClient client = client("addresses: [" + server.address() + "]");
        client.setAsync("ok", bytes("v"), TTL);
        client.setAsync("with space", bytes("v"), TTL);
        client.setAsync("x".repeat(251), bytes("v"), TTL);
        awaitSets(3);
        assertThat(counter("thanos_memcached_operation_failures", "operation", "set", "reason", "malformed-key"))
                .isEqualTo(2);
        Map<String, byte[]> got = client.getMulti(List.of("ok", "with space", "ctl\u0001", "x".repeat(251),
                "y".repeat(250)));
        assertThat(got).containsOnlyKeys("ok");
        assertThat(counter("thanos_memcached_operation_failures", "operation", "getmulti", "reason", "malformed-key"))
                .isEqualTo(1);
        assertThat(counter("thanos_memcached_operation_failures", "operation", "getmulti", "reason", "other"))
                .as("the server accepted the request").isZero();
    }

    @Test
    void resolvesDnsAddressesForReal() throws Exception {
        MemcachedServer server = server();
        MemcachedClient client = client("addresses: [dns+localhost:" + server.port() + "]");
        assertThat(client.servers()).contains(server.address());
        JumpHashSelector selector = new JumpHashSelector(client.servers());
        String key = "k";
        for (int i = 0; !selector.pick(key).equals(server.address()); i++) {
            key = "k" + i; // localhost may also be ::1, where this memcached does not listen
        }
        client.setAsync(key, bytes("v"), TTL);
        awaitSets(1);
        assertThat(client.getMulti(List.of(key))).containsOnlyKeys(key);
        assertThat(registry.scrape()).contains(
                "thanos_memcached_dns_provider_results{addr=\"dns+localhost:" + server.port() + "\",name=\"index-cache\"}");
    }

    @Test
    void registersThanosMetricNames() throws Exception {
        MemcachedServer server = server();
        MemcachedClient client = client("addresses: [" + server.address() + "]");
        client.setAsync("k", bytes("v"), TTL);
        awaitSets(1);
        client.getMulti(List.of("k"));
        String text = registry.scrape();
        assertThat(text).contains(
                "thanos_memcached_operations_total{name=\"index-cache\",operation=\"getmulti\"} 1.0",
                "thanos_memcached_operations_total{name=\"index-cache\",operation=\"set\"} 1.0",
                "thanos_memcached_operation_failures_total{name=\"index-cache\",operation=\"getmulti\",reason=\"timeout\"} 0.0",
                "thanos_memcached_operation_failures_total{name=\"index-cache\",operation=\"set\",reason=\"network-error\"} 0.0",
                "thanos_memcached_operation_skipped_total{name=\"index-cache\",operation=\"set\",reason=\"async-buffer-full\"} 0.0",
                "thanos_memcached_operation_skipped_total{name=\"index-cache\",operation=\"getmulti\",reason=\"max-item-size\"} 0.0",
                "thanos_memcached_operation_duration_seconds_bucket{name=\"index-cache\",operation=\"getmulti\",le=\"0.001\"}",
                "thanos_memcached_operation_duration_seconds_bucket{name=\"index-cache\",operation=\"set\",le=\"10.0\"}",
                "thanos_memcached_operation_data_size_bytes_bucket{name=\"index-cache\",operation=\"set\",le=\"32.0\"} 1",
                "thanos_memcached_operation_data_size_bytes_bucket{name=\"index-cache\",operation=\"getmulti\",le=\"5.36870912E8\"}",
                "thanos_memcached_client_info{dns_provider_update_interval=\"10s\",max_async_buffer_size=\"10000\","
                        + "max_async_concurrency=\"20\",max_get_multi_batch_size=\"0\",max_get_multi_concurrency=\"100\","
                        + "max_idle_connections=\"100\",max_item_size=\"1048576\",name=\"index-cache\",timeout=\"500ms\"} 1");
    }

    @Test
    void closedClientMissesAndDropsQuietly() throws Exception {
        MemcachedServer server = server();
        MemcachedClient client = client("addresses: [" + server.address() + "]");
        client.close();
        client.setAsync("k", bytes("v"), TTL);
        assertThat(client.getMulti(List.of("k"))).isEmpty();
        assertThat(failures("getmulti") + failures("set")).isZero();
    }
}
