package io.jthanos.query.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointSourcesTest {
    private final AtomicInteger hostLookups = new AtomicInteger();
    private final DnsResolver dns = new DnsResolver(new DnsResolver.Lookup() {
        @Override
        public List<InetAddress> hosts(String host) throws java.net.UnknownHostException {
            hostLookups.incrementAndGet();
            return switch (host) {
                case "stores.local" -> List.of(InetAddress.getByAddress(host, new byte[] {10, 0, 0, 1}),
                        InetAddress.getByAddress(host, new byte[] {10, 0, 0, 2}));
                case "store-1.local" -> List.of(InetAddress.getByAddress(host, new byte[] {10, 0, 1, 1}));
                case "v6.local" -> List.of(InetAddress.getByName("::1"));
                default -> throw new java.net.UnknownHostException(host);
            };
        }

        @Override
        public List<DnsResolver.SrvRecord> srv(String name) throws javax.naming.NamingException {
            if (name.equals("_grpc._tcp.stores.local")) {
                return List.of(new DnsResolver.SrvRecord("store-1.local", 10901));
            }
            throw new javax.naming.NameNotFoundException(name);
        }
    });

    @Test
    void resolvesDnsPrefixes() {
        assertThat(dns.resolve("store:10901")).containsExactly("store:10901");
        assertThat(dns.resolve("dns+stores.local:10901")).containsExactly("10.0.0.1:10901", "10.0.0.2:10901");
        assertThat(dns.resolve("dns+v6.local:9")).containsExactly("[0:0:0:0:0:0:0:1]:9");
        assertThat(dns.resolve("dnssrv+_grpc._tcp.stores.local")).containsExactly("10.0.1.1:10901");
        assertThat(dns.resolve("dnssrvnoa+_grpc._tcp.stores.local")).containsExactly("store-1.local:10901");
        assertThat(dns.resolve("dns+unknown.local:1")).isEmpty();
        assertThatThrownBy(() -> dns.resolve("dns+stores.local")).hasMessageContaining("missing port");
    }

    @Test
    void combinesFlagsConfigAndFileSdWithStrictWinningAndDnsCached(@TempDir Path dir) throws Exception {
        Path sd = dir.resolve("targets.yml");
        Files.writeString(sd, "- targets: ['c:1', 'a:1']\n");
        AtomicReference<String> config = new AtomicReference<>("endpoints:\n  - address: b:1\n  - address: dns+stores.local:2\n");
        EndpointSources sources = new EndpointSources(
                List.of(new EndpointSettings("a:1", true, false)), config::get, new FileSd(List.of(dir + "/*.yml")),
                dns, Duration.ofSeconds(30), java.time.Clock.systemUTC());

        assertThat(sources.get()).containsExactly(new EndpointSpec("a:1", true), new EndpointSpec("b:1", false),
                new EndpointSpec("10.0.0.1:2", false), new EndpointSpec("10.0.0.2:2", false), new EndpointSpec("c:1", false));
        int lookups = hostLookups.get();
        sources.get();
        assertThat(hostLookups.get()).as("DNS answers reused within the interval").isEqualTo(lookups);

        config.set("endpoints:\n  - address: d:1\n    strict: true\n");
        Files.writeString(sd, "- targets: ['e:1'\n");
        Files.setLastModifiedTime(sd, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertThat(sources.get()).as("new config applied, unparsable SD file keeps its last targets")
                .containsExactly(new EndpointSpec("a:1", true), new EndpointSpec("d:1", true),
                        new EndpointSpec("c:1", false));

        config.set("endpoints: [{address: 'dns+x:1', strict: true}]");
        Files.writeString(sd, "- targets: ['e:1']\n");
        Files.setLastModifiedTime(sd, FileTime.fromMillis(System.currentTimeMillis() + 10000));
        assertThat(sources.get()).as("invalid config keeps the last valid one; SD file reloaded")
                .containsExactly(new EndpointSpec("a:1", true), new EndpointSpec("d:1", true), new EndpointSpec("e:1", false));
    }

    @Test
    void rejectsStrictDynamicEndpointsAndMalformedConfig() {
        assertThatThrownBy(() -> EndpointConfig.parse("endpoints:\n  - address: dns+a:1\n    strict: true\n"))
                .hasMessage("dns+a:1 is a dynamically specified endpoint i.e. it uses SD and that is not permitted under strict mode.");
        assertThatThrownBy(() -> EndpointConfig.parse("endpoints: 3")).hasMessageContaining("must be a list");
        assertThat(EndpointConfig.parse("")).isEmpty();
        assertThat(EndpointConfig.parse("endpoints:\n  - address: a:1\n    group: true\n    grpc_client_config: {server_name: x}\n"))
                .containsExactly(new EndpointSettings("a:1", false, true));
    }
}
