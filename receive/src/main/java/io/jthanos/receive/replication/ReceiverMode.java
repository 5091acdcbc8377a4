package io.jthanos.receive.replication;

/**
 * Thanos's {@code ReceiverMode}, derived from the flags: a hashring and no local endpoint make a pure
 * router, a local endpoint without hashring a pure ingestor, both a router-ingestor.
 */
public enum ReceiverMode {
    ROUTER_ONLY,
    INGESTOR_ONLY,
    ROUTER_INGESTOR;

    /** The mode of a receiver configured with / without a hashring and a local endpoint. */
    public static ReceiverMode of(boolean hasHashring, boolean hasLocalEndpoint) {
        if (hasHashring && !hasLocalEndpoint) {
            return ROUTER_ONLY;
        }
        if (!hasHashring) {
            return INGESTOR_ONLY;
        }
        return ROUTER_INGESTOR;
    }
}
