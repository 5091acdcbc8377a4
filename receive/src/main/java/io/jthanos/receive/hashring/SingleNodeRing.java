package io.jthanos.receive.hashring;

import java.util.List;

/** The ring of an ingestor without hashring configuration: everything is local, no replicas. */
public record SingleNodeRing(Endpoint self) implements Hashring {
    @Override
    public Endpoint endpoint(long hash, int replica) throws InsufficientNodesException {
        if (replica > 0) {
            throw new InsufficientNodesException(1, replica + 1);
        }
        return self;
    }

    @Override
    public List<Endpoint> nodes() {
        return List.of(self);
    }
}
