package io.jthanos.receive.hashring;

import java.util.List;

/** One ring of receivers: maps a series hash and a replica index to an endpoint. Thread-safe, immutable. */
public sealed interface Hashring permits HashmodRing, KetamaRing, SingleNodeRing {
    /**
     * The endpoint holding replica {@code replica} (0-based) of the series with routing hash
     * {@code hash} ({@link SeriesHash}).
     */
    Endpoint endpoint(long hash, int replica) throws InsufficientNodesException;

    /** The endpoints of this ring. */
    List<Endpoint> nodes();
}
