package io.jthanos.store.cache;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.InitialDirContext;

/**
 * DNS through the JDK: A/AAAA records with {@link InetAddress#getAllByName} (the system resolver, so
 * {@code /etc/hosts} counts, and the JDK's address cache applies), SRV records with the JNDI DNS provider and the
 * name servers of {@code /etc/resolv.conf}.
 */
final class SystemDnsLookup implements DnsLookup {
    static final SystemDnsLookup INSTANCE = new SystemDnsLookup();

    private SystemDnsLookup() {}

    @Override
    public List<InetAddress> lookupIp(String host) {
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            // the system resolver does not tell a missing name from a failed lookup
            return List.of();
        }
    }

    @Override
    public List<SrvRecord> lookupSrv(String name) throws IOException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        try {
            InitialDirContext context = new InitialDirContext(env);
            try {
                Attribute srv = context.getAttributes("dns:///" + name, new String[] {"SRV"}).get("SRV");
                List<SrvRecord> out = new ArrayList<>();
                if (srv == null) {
                    return out;
                }
                for (NamingEnumeration<?> values = srv.getAll(); values.hasMore(); ) {
                    out.add(parseSrv(values.next().toString()));
                }
                return out;
            } finally {
                context.close();
            }
        } catch (NameNotFoundException e) {
            return List.of();
        } catch (NamingException e) {
            throw new IOException("lookup SRV records \"" + name + "\": " + e.getMessage(), e);
        }
    }

    /** JNDI's text of an SRV record: {@code "<priority> <weight> <port> <target>"}. */
    static SrvRecord parseSrv(String text) throws IOException {
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 4) {
            throw new IOException("malformed SRV record \"" + text + "\"");
        }
        try {
            return new SrvRecord(Integer.parseInt(parts[2]), parts[3]);
        } catch (NumberFormatException e) {
            throw new IOException("malformed SRV record \"" + text + "\"");
        }
    }
}
