package io.jthanos.receive.hashring;

import java.util.Objects;

/**
 * A receiver in a hashring: its gRPC address as written in {@code hashrings.json} and its optional
 * availability zone (used by {@code ketama} to spread replicas).
 */
public record Endpoint(String address, String az) {
    public Endpoint {
        Objects.requireNonNull(address, "address");
        az = az == null ? "" : az;
    }

    /** An endpoint without availability zone. */
    public static Endpoint of(String address) {
        return new Endpoint(address, "");
    }

    @Override
    public String toString() {
        return az.isEmpty() ? address : address + "(az=" + az + ")";
    }
}
