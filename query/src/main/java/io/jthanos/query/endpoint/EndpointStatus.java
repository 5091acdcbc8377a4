package io.jthanos.query.endpoint;

import io.jthanos.model.Labels;
import io.jthanos.store.ComponentType;
import java.time.Instant;
import java.util.List;

/**
 * What {@code /api/v1/stores} shows about one endpoint (Thanos's {@code query.EndpointStatus}).
 *
 * @param name the endpoint's address
 * @param lastCheck when its Info was last called
 * @param lastError the error of the last check, {@code null} when it succeeded
 * @param labelSets its external label sets as last announced
 * @param minTime earliest timestamp it holds, as last announced
 * @param maxTime latest timestamp it holds, as last announced
 * @param componentType its component type, {@code null} when it never answered
 */
public record EndpointStatus(String name, Instant lastCheck, String lastError, List<Labels> labelSets, long minTime,
        long maxTime, ComponentType componentType) {
    public EndpointStatus {
        labelSets = List.copyOf(labelSets);
    }
}
