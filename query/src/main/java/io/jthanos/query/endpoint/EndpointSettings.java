package io.jthanos.query.endpoint;

import java.util.Objects;

/**
 * One entry of the endpoint configuration: an address that may still need DNS resolution
 * ({@code dns+}, {@code dnssrv+}, {@code dnssrvnoa+}), strictness and grouping.
 *
 * @param address {@code host:port} or a DNS service-discovery name
 * @param strict whether the endpoint is used even when unhealthy; not allowed for dynamic addresses
 * @param group whether the resolved addresses form one round-robin group (Thanos endpoint groups);
 *     jthanos fans out to every member instead
 */
public record EndpointSettings(String address, boolean strict, boolean group) {
    public EndpointSettings {
        Objects.requireNonNull(address, "address");
    }

    /** Whether the address needs DNS service discovery (Thanos's {@code dns.IsDynamicNode}). */
    public boolean dynamic() {
        return DnsResolver.isDynamic(address);
    }
}
