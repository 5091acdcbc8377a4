package io.jthanos.store.cache;

import io.jthanos.model.XxHash64;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks the server of a key as Thanos's {@code MemcachedJumpHashSelector} does, so that jthanos and Thanos
 * share one memcached cluster without moving keys: the servers in natural order ({@link NaturalOrder}), and
 * Lamping and Veach's jump consistent hash ("A Fast, Minimal Memory, Consistent Hash Algorithm", 2014) of the
 * key's 64-bit xxHash (seed 0). Adding a server at the end of the order moves only 1/n of the keys. A server
 * listed twice gets twice the keys. Immutable.
 */
final class JumpHashSelector {
    private final List<String> servers;

    /** @param servers {@code host:port} addresses, in any order; at least one */
    JumpHashSelector(List<String> servers) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no servers");
        }
        List<String> sorted = new ArrayList<>(servers);
        sorted.sort(NaturalOrder.INSTANCE);
        this.servers = List.copyOf(sorted);
    }

    /** The servers in the order the hash indexes them. */
    List<String> servers() {
        return servers;
    }

    String pick(String key) {
        if (servers.size() == 1) {
            return servers.getFirst();
        }
        long hash = XxHash64.hash(key.getBytes(StandardCharsets.UTF_8));
        return servers.get(jumpHash(hash, servers.size()));
    }

    /** The bucket in {@code [0, buckets)} of {@code key} (an unsigned 64-bit value); {@code buckets >= 1}. */
    static int jumpHash(long key, int buckets) {
        long b = -1;
        long j = 0;
        while (j < buckets) {
            b = j;
            key = key * 2862933555777941757L + 1;
            j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((key >>> 33) + 1)));
        }
        return (int) b;
    }
}
