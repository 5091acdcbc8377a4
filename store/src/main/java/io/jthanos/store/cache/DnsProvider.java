package io.jthanos.store.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns configured addresses into server addresses as Thanos's DNS provider ({@code pkg/discovery/dns}) does:
 * {@code host:port} is used as is; {@code dns+host:port} becomes every A/AAAA address of host with the port;
 * {@code dnssrv+name} every address of every SRV target, with the record's port (or the one given after the
 * name); {@code dnssrvnoa+name} the SRV targets themselves. When a lookup fails the address keeps what it
 * resolved to last time. Counts lookups and failures and, per configured address, its results
 * ({@code thanos_memcached_dns_provider_results}). Thread-safe.
 */
final class DnsProvider {
    private static final Logger LOG = LoggerFactory.getLogger(DnsProvider.class);

    private final DnsLookup dns;
    private final Map<String, List<String>> resolved = new HashMap<>();
    private final Map<String, AtomicInteger> results = new HashMap<>();
    private final MeterRegistry registry;
    private final String name;
    private final Counter lookups;
    private final Counter failures;

    DnsProvider(DnsLookup dns, MeterRegistry registry, String name) {
        this.dns = dns;
        this.registry = registry;
        this.name = name;
        lookups = Counter.builder("thanos_memcached_dns_lookups").tag("name", name)
                .description("The number of DNS lookups resolutions attempts").register(registry);
        failures = Counter.builder("thanos_memcached_dns_failures").tag("name", name)
                .description("The number of DNS lookup failures").register(registry);
    }

    /** Resolves {@code addresses} and returns all the server addresses they stand for now. */
    synchronized List<String> resolve(List<String> addresses) {
        Map<String, List<String>> next = new HashMap<>();
        for (String address : addresses) {
            int plus = address.indexOf('+');
            List<String> servers;
            if (plus < 0) {
                servers = List.of(address);
            } else {
                lookups.increment();
                try {
                    servers = lookup(address.substring(0, plus), address.substring(plus + 1));
                } catch (IOException e) {
                    failures.increment();
                    LOG.error("dns resolution failed: addr={}: {}", address, e.getMessage());
                    servers = resolved.getOrDefault(address, List.of());
                }
            }
            next.put(address, servers);
            results.computeIfAbsent(address, this::resultsGauge).set(servers.size());
        }
        resolved.clear();
        resolved.putAll(next);
        List<String> all = new ArrayList<>();
        for (String address : addresses) {
            all.addAll(resolved.get(address));
        }
        return all;
    }

    private AtomicInteger resultsGauge(String address) {
        AtomicInteger value = new AtomicInteger();
        Gauge.builder("thanos_memcached_dns_provider_results", value, AtomicInteger::get)
                .tags("name", name, "addr", address)
                .description("The number of resolved endpoints for each configured address")
                .strongReference(true).register(registry);
        return value;
    }

    private List<String> lookup(String qtype, String target) throws IOException {
        String host = target;
        String port = "";
        String[] split = splitHostPort(target);
        if (split != null) {
            host = split[0];
            port = split[1];
        }
        List<String> out = new ArrayList<>();
        switch (qtype) {
            case "dns" -> {
                if (port.isEmpty()) {
                    throw new IOException("missing port in address given for dns lookup: " + target);
                }
                for (InetAddress ip : dns.lookupIp(host)) {
                    out.add(joinHostPort(ipString(ip), port));
                }
            }
            case "dnssrv", "dnssrvnoa" -> {
                for (DnsLookup.SrvRecord srv : dns.lookupSrv(host)) {
                    String srvPort = port.isEmpty() ? Integer.toString(srv.port()) : port;
                    if (qtype.equals("dnssrvnoa")) {
                        out.add(joinHostPort(srv.target(), srvPort));
                        continue;
                    }
                    for (InetAddress ip : dns.lookupIp(srv.target())) {
                        out.add(joinHostPort(ipString(ip), srvPort));
                    }
                }
            }
            default -> throw new IOException("invalid lookup scheme \"" + qtype + "\"");
        }
        if (out.isEmpty()) {
            LOG.warn("IP address lookup yielded no results. No host found or no addresses found: host={}", host);
        }
        return out;
    }

    /** Go's {@code net.SplitHostPort}: {@code {host, port}}, or null when there is no port. */
    static String[] splitHostPort(String address) {
        if (address.startsWith("[")) {
            int close = address.indexOf(']');
            if (close < 0 || close + 1 >= address.length() || address.charAt(close + 1) != ':') {
                return null;
            }
            return new String[] {address.substring(1, close), address.substring(close + 2)};
        }
        int colon = address.lastIndexOf(':');
        if (colon < 0 || address.indexOf(':') != colon) {
            return null;
        }
        return new String[] {address.substring(0, colon), address.substring(colon + 1)};
    }

    static String joinHostPort(String host, String port) {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    /**
     * An address as Go prints it, since server names decide the hash order: IPv6 in RFC 5952's short form
     * ({@code ::1}, {@code 2001:db8::1}), where Java writes every group.
     */
    static String ipString(InetAddress ip) {
        if (!(ip instanceof Inet6Address)) {
            return ip.getHostAddress();
        }
        byte[] b = ip.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (b[2 * i] & 0xff) << 8 | b[2 * i + 1] & 0xff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!out.isEmpty() && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
