package io.jthanos.query.endpoint;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * Resolves endpoint addresses with Thanos's DNS service-discovery prefixes:
 * <ul>
 *   <li>{@code host:port}: used as is;</li>
 *   <li>{@code dns+host:port}: one endpoint per A/AAAA record of {@code host};</li>
 *   <li>{@code dnssrv+_service._tcp.name}: SRV lookup, then A/AAAA of each target, with the SRV port;</li>
 *   <li>{@code dnssrvnoa+_service._tcp.name}: SRV lookup, targets used by name with the SRV port.</li>
 * </ul>
 * When a lookup fails, the addresses last resolved for that name are kept, as Thanos's DNS provider does.
 * Thread-safe.
 */
public final class DnsResolver {
    /** The DNS queries a resolver needs; replaceable in tests. */
    public interface Lookup {
        /** A and AAAA records of {@code host}. */
        List<InetAddress> hosts(String host) throws UnknownHostException;

        /** SRV records of {@code name}. */
        List<SrvRecord> srv(String name) throws NamingException;
    }

    /**
     * One SRV record.
     *
     * @param target the target host name, without trailing dot
     * @param port the port
     */
    public record SrvRecord(String target, int port) {
    }

    private final Lookup lookup;
    private final Map<String, List<String>> lastResolved = new HashMap<>();

    /** A resolver using the system resolver for A/AAAA and JNDI DNS for SRV. */
    public DnsResolver() {
        this(new SystemLookup());
    }

    public DnsResolver(Lookup lookup) {
        this.lookup = lookup;
    }

    /** Whether {@code address} needs DNS service discovery. */
    public static boolean isDynamic(String address) {
        return address.startsWith("dns+") || address.startsWith("dnssrv+") || address.startsWith("dnssrvnoa+");
    }

    /**
     * Resolves {@code address} to {@code host:port} strings.
     *
     * @throws IllegalArgumentException for a malformed address (missing port)
     */
    public List<String> resolve(String address) {
        if (!isDynamic(address)) {
            return List.of(address);
        }
        try {
            List<String> resolved = lookupNow(address);
            synchronized (lastResolved) {
                lastResolved.put(address, resolved);
            }
            return resolved;
        } catch (UnknownHostException | NamingException e) {
            synchronized (lastResolved) {
                return lastResolved.getOrDefault(address, List.of());
            }
        }
    }

    private List<String> lookupNow(String address) throws UnknownHostException, NamingException {
        int plus = address.indexOf('+');
        String scheme = address.substring(0, plus);
        String name = address.substring(plus + 1);
        LinkedHashSet<String> out = new LinkedHashSet<>();
        switch (scheme) {
            case "dns" -> {
                int colon = name.lastIndexOf(':');
                if (colon < 0 || colon == name.length() - 1) {
                    throw new IllegalArgumentException("missing port in address " + address);
                }
                String host = name.substring(0, colon);
                if (host.startsWith("[") && host.endsWith("]")) {
                    host = host.substring(1, host.length() - 1);
                }
                String port = name.substring(colon + 1);
                for (InetAddress a : lookup.hosts(host)) {
                    out.add(hostPort(a, port));
                }
            }
            case "dnssrv" -> {
                for (SrvRecord r : lookup.srv(name)) {
                    for (InetAddress a : lookup.hosts(r.target())) {
                        out.add(hostPort(a, Integer.toString(r.port())));
                    }
                }
            }
            case "dnssrvnoa" -> {
                for (SrvRecord r : lookup.srv(name)) {
                    out.add(r.target() + ":" + r.port());
                }
            }
            default -> throw new IllegalArgumentException("unknown DNS scheme in " + address);
        }
        return List.copyOf(out);
    }

    private static String hostPort(InetAddress a, String port) {
        String ip = a.getHostAddress();
        return a instanceof Inet6Address ? "[" + ip + "]:" + port : ip + ":" + port;
    }

    /** The JDK's resolvers: {@link InetAddress} for hosts, the JNDI DNS provider for SRV. */
    static final class SystemLookup implements Lookup {
        @Override
        public List<InetAddress> hosts(String host) throws UnknownHostException {
            return List.of(InetAddress.getAllByName(host));
        }

        @Override
        public List<SrvRecord> srv(String name) throws NamingException {
            Hashtable<String, String> env = new Hashtable<>();
            env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
            DirContext ctx = new InitialDirContext(env);
            try {
                Attributes attrs = ctx.getAttributes(name, new String[] {"SRV"});
                Attribute srv = attrs.get("SRV");
                List<SrvRecord> out = new ArrayList<>();
                if (srv == null) {
                    return out;
                }
                NamingEnumeration<?> values = srv.getAll();
                while (values.hasMore()) {
                    // "priority weight port target."
                    String[] f = values.next().toString().trim().split("\\s+");
                    if (f.length == 4) {
                        String target = f[3].endsWith(".") ? f[3].substring(0, f[3].length() - 1) : f[3];
                        out.add(new SrvRecord(target, Integer.parseInt(f[2])));
                    }
                }
                return out;
            } finally {
                ctx.close();
            }
        }
    }
}
