package io.jthanos.receive.hashring;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of {@code hashrings.json} (Thanos {@code pkg/receive/config.go} {@code HashringConfig}).
 *
 * @param name the {@code hashring} name, {@code ""} when absent
 * @param tenants the tenants this ring serves; empty means the default (catch-all) ring
 * @param tenantMatcherType how {@code tenants} match
 * @param endpoints the receivers, in file order
 * @param algorithm the entry's own algorithm, or {@code null} to use the flag's
 * @param externalLabels extra external labels of the entry (parsed, not applied yet)
 */
public record HashringConfig(String name, List<String> tenants, TenantMatcherType tenantMatcherType,
        List<Endpoint> endpoints, HashringAlgorithm algorithm, Map<String, String> externalLabels) {
    public HashringConfig {
        Objects.requireNonNull(name, "name");
        tenants = List.copyOf(tenants);
        Objects.requireNonNull(tenantMatcherType, "tenantMatcherType");
        endpoints = List.copyOf(endpoints);
        externalLabels = Map.copyOf(externalLabels);
    }
}
