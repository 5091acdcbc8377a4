package io.jthanos.store;

import io.jthanos.model.Labels;
import java.util.List;

/**
 * What a StoreAPI announces through {@code thanos.info.Info}: the external label sets of its data, the
 * time range it covers and its component type. Queriers use it to skip stores that cannot match.
 *
 * @param labelSets external label sets; empty when the store has none
 * @param minTime earliest timestamp held (inclusive, milliseconds)
 * @param maxTime latest timestamp held (inclusive, milliseconds)
 * @param componentType the kind of component
 * @param supportsWithoutReplicaLabels whether the store honours {@link SeriesRequest#withoutReplicaLabels()}
 */
public record StoreInfo(List<Labels> labelSets, long minTime, long maxTime, ComponentType componentType,
        boolean supportsWithoutReplicaLabels) {
    public StoreInfo {
        labelSets = List.copyOf(labelSets);
    }
}
