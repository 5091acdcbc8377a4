package io.jthanos.query.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.store.ComponentType;
import io.jthanos.store.TsdbStore;
import io.jthanos.store.proxy.StoreClient;
import io.jthanos.store.testing.InMemoryChunkQueryable;
import io.jthanos.store.testing.LoopbackStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The endpoint set over real gRPC on loopback. */
class EndpointSetTest {
    private final List<AutoCloseable> closers = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closers.reversed()) {
            c.close();
        }
    }

    private LoopbackStore store(String replica, long min, long max, ComponentType type) {
        InMemoryChunkQueryable data = new InMemoryChunkQueryable()
                .addRegular(Labels.of("__name__", "up", "job", "a"), min, 15_000, 4, 1, 120);
        LoopbackStore s = new LoopbackStore(new TsdbStore(data, Labels.of("replica", replica), type, () -> min, () -> max));
        closers.add(s);
        return s;
    }

    /** An address nothing listens on. */
    private static String deadAddress() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return "127.0.0.1:" + s.getLocalPort();
        }
    }

    private EndpointSet set(List<EndpointSpec> specs) {
        EndpointSet set = new EndpointSet(() -> List.copyOf(specs), new GrpcEndpointConnector(), Duration.ofSeconds(2),
                Duration.ofMinutes(5), clock, registry);
        closers.add(set);
        return set;
    }

    @Test
    void discoversLabelSetsTimeRangeAndComponentTypeThroughInfo() {
        LoopbackStore a = store("a", 1000, 2000, ComponentType.RECEIVE);
        LoopbackStore b = store("b", 500, 900, ComponentType.STORE);
        EndpointSet set = set(List.of(new EndpointSpec(a.address(), false), new EndpointSpec(b.address(), false)));

        set.update();

        assertThat(set.storeClients()).extracting(StoreClient::name).containsExactlyInAnyOrder(a.address(), b.address());
        StoreClient ca = set.storeClients().stream().filter(c -> c.name().equals(a.address())).findFirst().orElseThrow();
        assertThat(ca.info().labelSets()).containsExactly(Labels.of("replica", "a"));
        assertThat(ca.info().minTime()).isEqualTo(1000);
        assertThat(ca.info().maxTime()).isEqualTo(2000);
        assertThat(ca.info().componentType()).isEqualTo(ComponentType.RECEIVE);
        assertThat(set.statuses()).allSatisfy(s -> assertThat(s.lastError()).isNull());
        Gauge g = registry.find("thanos_store_nodes_grpc_connections").tag("store_type", "receive").gauge();
        assertThat(g).isNotNull();
        assertThat(g.value()).isEqualTo(1.0);
        assertThat(g.getId().getTag("external_labels")).isEqualTo("{replica=\"a\"}");
    }

    @Test
    void unhealthyEndpointIsLeftOutUnlessStrictAndComesBackWhenHealthy() throws Exception {
        LoopbackStore a = store("a", 0, 10, ComponentType.STORE);
        String dead = deadAddress();
        String deadStrict = deadAddress();
        EndpointSet set = set(List.of(new EndpointSpec(a.address(), false), new EndpointSpec(dead, false),
                new EndpointSpec(deadStrict, true)));

        set.update();

        assertThat(set.storeClients()).extracting(StoreClient::name).containsExactlyInAnyOrder(a.address(), deadStrict);
        StoreClient strict = set.storeClients().stream().filter(c -> c.name().equals(deadStrict)).findFirst().orElseThrow();
        assertThat(strict.info().minTime()).isEqualTo(Long.MIN_VALUE);
        assertThat(strict.info().maxTime()).isEqualTo(Long.MAX_VALUE);
        // As in Thanos, a new non-strict endpoint that fails its first check is not kept; a strict one is.
        assertThat(set.statuses()).extracting(EndpointStatus::name).containsExactlyInAnyOrder(a.address(), deadStrict);
        EndpointStatus deadStatus = set.statuses().stream().filter(s -> s.name().equals(deadStrict)).findFirst().orElseThrow();
        assertThat(deadStatus.lastError()).startsWith("fetching info from " + deadStrict);
        assertThat(deadStatus.lastCheck()).isEqualTo(EndpointSet.NEVER);
        assertThat(deadStatus.componentType()).isNull();
        assertThat(registry.find("thanos_store_nodes_grpc_connections").gauges()).hasSize(1);
    }

    @Test
    void anEndpointThatFailsIsLoggedOnceNotAtEveryUpdate() throws Exception {
        String dead = deadAddress();
        String deadStrict = deadAddress();
        EndpointSet set = set(List.of(new EndpointSpec(dead, false), new EndpointSpec(deadStrict, true)));
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(EndpointSet.class);
        var appender = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        appender.start();
        log.addAppender(appender);
        try {
            for (int i = 0; i < 3; i++) {
                set.update();
            }
        } finally {
            log.detachAppender(appender);
        }
        // three rounds, one line per endpoint, as "address=… err=fetching info from …: rpc error: …"
        assertThat(appender.list).hasSize(2).allSatisfy(e -> {
            assertThat(e.getLevel().toString()).isEqualTo("WARN");
            assertThat(e.getFormattedMessage()).isEqualTo("update of endpoint failed");
        });
        assertThat(appender.list).extracting(e -> String.valueOf(e.getKeyValuePairs().get(0).value))
                .containsExactlyInAnyOrder(dead, deadStrict);
        assertThat(appender.list).allSatisfy(e -> assertThat(String.valueOf(e.getKeyValuePairs().get(1).value))
                .startsWith("fetching info from " + e.getKeyValuePairs().get(0).value + ": rpc error: code = Unavailable")
                .contains("Connection refused"));
    }

    @Test
    void failingEndpointKeepsItsLastGoodStatusUntilTheUnhealthyTimeout() {
        LoopbackStore a = store("a", 0, 10, ComponentType.STORE);
        LoopbackStore b = store("b", 0, 10, ComponentType.STORE);
        List<EndpointSpec> specs = new CopyOnWriteArrayList<>(List.of(new EndpointSpec(a.address(), false),
                new EndpointSpec(b.address(), false)));
        EndpointSet set = set(specs);
        set.update();
        assertThat(set.storeClients()).hasSize(2);
        Instant firstCheck = clock.instant();

        String bAddress = b.address();
        b.close();
        clock.advance(Duration.ofMinutes(1));
        set.update();
        assertThat(set.storeClients()).extracting(StoreClient::name).containsExactly(a.address());
        EndpointStatus bs = set.statuses().stream().filter(s -> s.name().equals(bAddress)).findFirst().orElseThrow();
        assertThat(bs.lastError()).startsWith("fetching info from " + bAddress);
        assertThat(bs.lastCheck()).as("last successful check").isEqualTo(firstCheck);
        assertThat(bs.labelSets()).containsExactly(Labels.of("replica", "b"));
        assertThat(bs.componentType()).isEqualTo(ComponentType.STORE);

        clock.advance(Duration.ofMinutes(5));
        set.update();
        assertThat(set.statuses()).extracting(EndpointStatus::name).containsExactly(a.address());
    }

    @Test
    void endpointRemovedFromTheSpecsDisappearsAtOnce() {
        LoopbackStore a = store("a", 0, 10, ComponentType.STORE);
        LoopbackStore b = store("b", 0, 10, ComponentType.STORE);
        List<EndpointSpec> specs = new CopyOnWriteArrayList<>(List.of(new EndpointSpec(a.address(), false),
                new EndpointSpec(b.address(), false)));
        EndpointSet set = set(specs);
        set.update();
        assertThat(set.statuses()).hasSize(2);

        specs.remove(1);
        set.update();
        assertThat(set.statuses()).extracting(EndpointStatus::name).containsExactly(a.address());
        assertThat(set.storeClients()).extracting(StoreClient::name).containsExactly(a.address());
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
