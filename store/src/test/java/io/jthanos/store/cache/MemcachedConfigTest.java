package io.jthanos.store.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemcachedConfigTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String SOURCE = "index-cache.config";

    static MemcachedConfig parse(String yaml) {
        try {
            JsonNode root = YAML.readTree(yaml);
            return MemcachedConfig.parse(root, SOURCE);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void defaultsAreThanos() {
        MemcachedConfig c = parse("addresses: [memcached:11211]");
        assertThat(c).isEqualTo(MemcachedConfig.defaults(List.of("memcached:11211")));
        assertThat(c.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.maxIdleConnections()).isEqualTo(100);
        assertThat(c.maxAsyncConcurrency()).isEqualTo(20);
        assertThat(c.maxAsyncBufferSize()).isEqualTo(10_000);
        assertThat(c.maxGetMultiConcurrency()).isEqualTo(100);
        assertThat(c.maxGetMultiBatchSize()).isZero();
        assertThat(c.maxItemSize()).isEqualTo(1 << 20);
        assertThat(c.dnsProviderUpdateInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.setAsyncCircuitBreaker())
                .isEqualTo(new CircuitBreakerConfig(false, 10, Duration.ofSeconds(5), 50, 5, 0.05));
        assertThat(c.unknownKeys()).isEmpty();
    }

    @Test
    void readsEveryField() {
        MemcachedConfig c = parse("""
                addresses: ["dns+memcached:11211", "dnssrv+_memcache._tcp.memcached"]
                timeout: 1m30s
                max_idle_connections: 7
                max_async_concurrency: 3
                max_async_buffer_size: 0
                max_get_multi_concurrency: 0
                max_get_multi_batch_size: 2
                max_item_size: 5MB
                dns_provider_update_interval: 1.5s
                auto_discovery: false
                set_async_circuit_breaker_config:
                  enabled: true
                  half_open_max_requests: 4
                  open_duration: 250ms
                  min_requests: 9
                  consecutive_failures: 2
                  failure_percent: 0.5
                """);
        assertThat(c).isEqualTo(new MemcachedConfig(List.of("dns+memcached:11211", "dnssrv+_memcache._tcp.memcached"),
                Duration.ofSeconds(90), 7, 3, 0, 0, 2, 5L << 20, Duration.ofMillis(1500),
                new CircuitBreakerConfig(true, 4, Duration.ofMillis(250), 9, 2, 0.5), List.of()));
    }

    @Test
    void byteSizesAndDurationsUseGoSyntax() {
        assertThat(GoUnits.parseBytes("1MiB")).isEqualTo(1 << 20);
        assertThat(GoUnits.parseBytes("5MB")).isEqualTo(5 << 20);
        assertThat(GoUnits.parseBytes("1.5KiB")).isEqualTo(1536);
        assertThat(GoUnits.parseBytes("1MiB512KiB")).isEqualTo(1536 << 10);
        assertThat(GoUnits.parseBytes("100B")).isEqualTo(100);
        assertThat(GoUnits.parseBytes("0")).isZero();
        assertThatThrownBy(() -> GoUnits.parseBytes("1024")).hasMessageContaining("invalid byte size \"1024\"");
        assertThatThrownBy(() -> GoUnits.parseBytes("1kB")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GoUnits.parseBytes("1MB1KiB")).isInstanceOf(IllegalArgumentException.class);

        assertThat(GoUnits.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(GoUnits.parseDuration("1h2m3s")).isEqualTo(Duration.ofSeconds(3723));
        assertThat(GoUnits.parseDuration("24h")).isEqualTo(Duration.ofDays(1));
        assertThat(GoUnits.parseDuration("1.5us")).isEqualTo(Duration.ofNanos(1500));
        assertThat(GoUnits.parseDuration("0")).isZero();
        for (String bad : new String[] {"5x", "1d", "", "5", ".s", "1..5s"}) {
            assertThatThrownBy(() -> GoUnits.parseDuration(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }

        assertThat(GoUnits.formatDuration(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(GoUnits.formatDuration(Duration.ofSeconds(10))).isEqualTo("10s");
        assertThat(GoUnits.formatDuration(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(GoUnits.formatDuration(Duration.ofDays(1))).isEqualTo("24h0m0s");
        assertThat(GoUnits.formatDuration(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(GoUnits.formatDuration(Duration.ofNanos(1500))).isEqualTo("1.5µs");
        assertThat(GoUnits.formatDuration(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void bareIntegerDurationIsNanosecondsAsYamlV2ReadsIt() {
        assertThat(parse("{addresses: [a:1], timeout: 1000000}").timeout()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void errorsNameTheSourceAndTheKey() {
        assertThatThrownBy(() -> parse("{addresses: [a:1], timeout: 5x}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("index-cache.config: config.timeout: invalid duration \"5x\"");
        assertThatThrownBy(() -> parse("{addresses: [a:1], max_item_size: lots}"))
                .hasMessageStartingWith("index-cache.config: config.max_item_size: invalid byte size \"lots\"");
        assertThatThrownBy(() -> parse("{addresses: [a:1], max_idle_connections: many}"))
                .hasMessage("index-cache.config: config.max_idle_connections: invalid integer \"many\"");
        assertThatThrownBy(() -> parse("{addresses: a:1}"))
                .hasMessage("index-cache.config: config.addresses: expected a list of strings");
        assertThatThrownBy(() -> parse("{timeout: 1s}"))
                .hasMessage("index-cache.config: config.addresses: no memcached addresses provided");
        assertThatThrownBy(() -> parse("{addresses: []}"))
                .hasMessage("index-cache.config: config.addresses: no memcached addresses provided");
        assertThatThrownBy(() -> parse("{addresses: [a:1], max_async_concurrency: 0}"))
                .hasMessage("index-cache.config: config.max_async_concurrency: max async concurrency must be positive");
        assertThatThrownBy(() -> parse("{addresses: [a:1], dns_provider_update_interval: 0s}"))
                .hasMessage("index-cache.config: config.dns_provider_update_interval: "
                        + "DNS provider update interval must be positive");
        assertThatThrownBy(() -> parse("{addresses: [a:1], set_async_circuit_breaker_config: {enabled: yes please}}"))
                .hasMessage("index-cache.config: config.set_async_circuit_breaker_config.enabled: "
                        + "invalid boolean \"yes please\"");
    }

    @Test
    void circuitBreakerIsValidatedOnlyWhenEnabled() {
        assertThat(parse("{addresses: [a:1], set_async_circuit_breaker_config: {consecutive_failures: 0}}")
                .setAsyncCircuitBreaker().consecutiveFailures()).isZero();
        assertThatThrownBy(() -> parse(
                "{addresses: [a:1], set_async_circuit_breaker_config: {enabled: true, consecutive_failures: 0}}"))
                .hasMessage("index-cache.config: config.set_async_circuit_breaker_config.consecutive_failures: "
                        + "circuit breaker: consecutive failures must be greater than 0");
        assertThatThrownBy(() -> parse(
                "{addresses: [a:1], set_async_circuit_breaker_config: {enabled: true, failure_percent: 1.5}}"))
                .hasMessage("index-cache.config: config.set_async_circuit_breaker_config.failure_percent: "
                        + "circuit breaker: failure percent must be in range (0,1]");
    }

    @Test
    void refusesWhatJthanosDoesNotImplement() {
        assertThatThrownBy(() -> parse("{addresses: [a:1], auto_discovery: true}"))
                .hasMessageStartingWith("index-cache.config: config.auto_discovery: auto-discovery is not supported");
        assertThatThrownBy(() -> parse("{addresses: [a:1], tls_enabled: true}"))
                .hasMessage("index-cache.config: config.tls_enabled: TLS to memcached is not supported by jthanos");
        assertThatThrownBy(() -> parse("{addresses: [a:1], tls_config: {ca_file: /ca.pem}}"))
                .hasMessage("index-cache.config: config.tls_config: TLS to memcached is not supported by jthanos");
    }

    @Test
    void unknownKeysAreIgnoredAndReported() {
        MemcachedConfig c = parse("""
                addresses: [a:1]
                max_idle_conns: 5
                set_async_circuit_breaker_config: {enabled: false, interval: 1s}
                """);
        assertThat(c.maxIdleConnections()).isEqualTo(100);
        assertThat(c.unknownKeys())
                .containsExactlyInAnyOrder("config.max_idle_conns", "config.set_async_circuit_breaker_config.interval");
    }
}
