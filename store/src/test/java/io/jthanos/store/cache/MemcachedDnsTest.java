package io.jthanos.store.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemcachedDnsTest {

    /** Answers from maps; a name in {@code failing} fails its lookup. */
    static final class FakeDns implements DnsLookup {
        final Map<String, List<InetAddress>> ips = new HashMap<>();
        final Map<String, List<SrvRecord>> srvs = new HashMap<>();
        final java.util.Set<String> failing = new java.util.HashSet<>();

        @Override
        public List<InetAddress> lookupIp(String host) throws IOException {
            if (failing.contains(host)) {
                throw new IOException("SERVFAIL " + host);
            }
            return ips.getOrDefault(host, List.of());
        }

        @Override
        public List<SrvRecord> lookupSrv(String name) throws IOException {
            if (failing.contains(name)) {
                throw new IOException("SERVFAIL " + name);
            }
            return srvs.getOrDefault(name, List.of());
        }
    }

    private static InetAddress ip(String text) throws UnknownHostException {
        return InetAddress.getByName(text);
    }

    @Test
    void resolvesEachKindOfAddress() throws IOException {
        FakeDns dns = new FakeDns();
        dns.ips.put("memcached", List.of(ip("10.0.0.1"), ip("2001:db8:0:0:0:0:0:1")));
        dns.srvs.put("_memcache._tcp.memcached", List.of(
                new DnsLookup.SrvRecord(11211, "memcached-0.memcached."),
                new DnsLookup.SrvRecord(11212, "memcached-1.memcached.")));
        dns.ips.put("memcached-0.memcached.", List.of(ip("10.0.1.0")));
        dns.ips.put("memcached-1.memcached.", List.of(ip("10.0.1.1"), ip("10.0.1.2")));
        DnsProvider provider = new DnsProvider(dns, new SimpleMeterRegistry(), "test");

        assertThat(provider.resolve(List.of("static:11211"))).containsExactly("static:11211");
        assertThat(provider.resolve(List.of("dns+memcached:11211")))
                .containsExactly("10.0.0.1:11211", "[2001:db8::1]:11211");
        assertThat(provider.resolve(List.of("dnssrv+_memcache._tcp.memcached")))
                .containsExactly("10.0.1.0:11211", "10.0.1.1:11212", "10.0.1.2:11212");
        assertThat(provider.resolve(List.of("dnssrv+_memcache._tcp.memcached:9999")))
                .containsExactly("10.0.1.0:9999", "10.0.1.1:9999", "10.0.1.2:9999");
        assertThat(provider.resolve(List.of("dnssrvnoa+_memcache._tcp.memcached")))
                .containsExactly("memcached-0.memcached.:11211", "memcached-1.memcached.:11212");
        assertThat(provider.resolve(List.of("static:1", "dns+memcached:2")))
                .containsExactly("static:1", "10.0.0.1:2", "[2001:db8::1]:2");
    }

    @Test
    void aFailedLookupKeepsWhatTheAddressResolvedToLastTime() throws IOException {
        FakeDns dns = new FakeDns();
        dns.ips.put("memcached", List.of(ip("10.0.0.1")));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DnsProvider provider = new DnsProvider(dns, registry, "test");
        List<String> addresses = List.of("dns+memcached:11211", "dns+other:11211", "dns+noport", "bogus+x:1");
        assertThat(provider.resolve(addresses)).containsExactly("10.0.0.1:11211");
        dns.failing.add("memcached");
        assertThat(provider.resolve(addresses)).containsExactly("10.0.0.1:11211");

        assertThat(registry.get("thanos_memcached_dns_lookups").tag("name", "test").counter().count()).isEqualTo(8);
        // the missing port and the unknown scheme fail each time, the SERVFAIL once
        assertThat(registry.get("thanos_memcached_dns_failures").counter().count()).isEqualTo(5);
        assertThat(registry.get("thanos_memcached_dns_provider_results").tag("addr", "dns+memcached:11211")
                .gauge().value()).isEqualTo(1);
        assertThat(registry.get("thanos_memcached_dns_provider_results").tag("addr", "dns+other:11211")
                .gauge().value()).isZero();
    }

    @Test
    void ipv6IsWrittenAsGoWritesIt() throws UnknownHostException {
        assertThat(DnsProvider.ipString(ip("::1"))).isEqualTo("::1");
        assertThat(DnsProvider.ipString(ip("fe80:0:0:1:0:0:0:2"))).isEqualTo("fe80:0:0:1::2");
        assertThat(DnsProvider.ipString(ip("2001:db8:1:0:1:0:0:0"))).isEqualTo("2001:db8:1:0:1::");
        assertThat(DnsProvider.ipString(ip("1:0:2:0:3:0:4:0"))).isEqualTo("1:0:2:0:3:0:4:0");
        assertThat(DnsProvider.ipString(ip("::"))).isEqualTo("::");
        assertThat(DnsProvider.ipString(ip("192.168.0.1"))).isEqualTo("192.168.0.1");
        assertThat(DnsProvider.joinHostPort("::1", "11211")).isEqualTo("[::1]:11211");
        assertThat(DnsProvider.splitHostPort("[::1]:11211")).containsExactly("::1", "11211");
        assertThat(DnsProvider.splitHostPort("host:1")).containsExactly("host", "1");
        assertThat(DnsProvider.splitHostPort("host")).isNull();
    }

    @Test
    void parsesJndiSrvText() throws IOException {
        assertThat(SystemDnsLookup.parseSrv("10 60 11211 memcached-0.memcached.svc."))
                .isEqualTo(new DnsLookup.SrvRecord(11211, "memcached-0.memcached.svc."));
        assertThatThrownBy(() -> SystemDnsLookup.parseSrv("10 60 memcached.")).isInstanceOf(IOException.class);
    }

    @Test
    void clientCreationFailsWhenNothingResolves() {
        FakeDns dns = new FakeDns();
        MemcachedConfig config = MemcachedConfig.defaults(List.of("dns+nowhere:11211"));
        assertThatThrownBy(() -> MemcachedClient.create(config, "test", new SimpleMeterRegistry(), dns))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("memcached client test: no server address resolved");
        assertThatThrownBy(() -> MemcachedClient.create(MemcachedConfig.defaults(List.of("noport")), "test",
                new SimpleMeterRegistry(), dns))
                .hasMessage("memcached client test: address noport: missing port");
    }
}
