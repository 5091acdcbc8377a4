package io.jthanos.receive.hashring;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Thanos's {@code simpleHashring}: endpoints sorted by address; replica {@code n} of a series goes to
 * {@code endpoints[(hash + n) mod len]} with unsigned 64-bit arithmetic.
 */
public final class HashmodRing implements Hashring {
    private final Endpoint[] endpoints;
    private final List<Endpoint> nodes;

    /** @throws IllegalArgumentException when an endpoint has an availability zone (only ketama supports them) */
    public HashmodRing(List<Endpoint> endpoints) {
        List<Endpoint> sorted = new ArrayList<>(endpoints);
        for (Endpoint e : sorted) {
            if (!e.az().isEmpty()) {
                throw new IllegalArgumentException("Hashmod algorithm does not support AZ aware hashring configuration. "
                        + "Either use Ketama or remove AZ configuration.");
            }
        }
        sorted.sort(Comparator.comparing(Endpoint::address));
        this.endpoints = sorted.toArray(Endpoint[]::new);
        this.nodes = List.copyOf(sorted);
    }

    @Override
    public Endpoint endpoint(long hash, int replica) throws InsufficientNodesException {
        if (replica >= endpoints.length) {
            throw new InsufficientNodesException(endpoints.length, replica + 1);
        }
        return endpoints[(int) Long.remainderUnsigned(hash + replica, endpoints.length)];
    }

    @Override
    public List<Endpoint> nodes() {
        return nodes;
    }
}
