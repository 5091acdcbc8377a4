package io.jthanos.store.cache;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/** The two DNS queries memcached addresses need; tests substitute their own answers. */
interface DnsLookup {
    /**
     * The A and AAAA records of {@code host}; empty when the name does not exist.
     *
     * @throws IOException when the lookup itself failed
     */
    List<InetAddress> lookupIp(String host) throws IOException;

    /**
     * The SRV records of {@code name}, e.g. {@code _memcache._tcp.memcached.svc}; empty when the name does not
     * exist.
     *
     * @throws IOException when the lookup itself failed
     */
    List<SrvRecord> lookupSrv(String name) throws IOException;

    /** One SRV answer: {@code target} as the server wrote it, usually with a trailing dot. */
    record SrvRecord(int port, String target) {}
}
