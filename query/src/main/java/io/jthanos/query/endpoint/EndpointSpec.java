package io.jthanos.query.endpoint;

import java.util.Objects;

/**
 * One endpoint the querier should use: a resolved {@code host:port} and whether it is strict (kept for
 * fan-out even while its health check fails, Thanos's {@code --endpoint-strict}).
 *
 * @param address the gRPC address, {@code host:port}
 * @param strict whether the endpoint stays in the fan-out when unhealthy
 */
public record EndpointSpec(String address, boolean strict) {
    public EndpointSpec {
        Objects.requireNonNull(address, "address");
    }
}
