package io.jthanos.query.endpoint;

import io.jthanos.query.rules.RulesSource;
import io.jthanos.store.StoreApi;

/** Opens connections to endpoints by address; the seam between the {@link EndpointSet} and gRPC. */
@FunctionalInterface
public interface EndpointConnector {
    /** A connection to one endpoint, its StoreAPI (and Info) served through {@link #store()}. */
    interface Connection extends AutoCloseable {
        StoreApi store();

        /** The endpoint's Rules API if its last Info response announced one, else {@code null}. */
        default RulesSource rules() {
            return null;
        }

        @Override
        void close();
    }

    /** Connects lazily: failures show up on the first call, not here. */
    Connection connect(String address);
}
