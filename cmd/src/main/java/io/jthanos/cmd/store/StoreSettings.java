package io.jthanos.cmd.store;

import io.jthanos.model.relabel.RelabelConfig;
import io.jthanos.store.gateway.BucketStoreConfig;
import io.jthanos.store.gateway.StoreCaches;
import io.jthanos.store.gateway.fetch.BlockMetaFetcher;
import java.time.Duration;
import java.util.List;

/**
 * Everything {@code thanos store} needs, parsed from its flags.
 *
 * @param objstoreYaml the bucket configuration
 * @param store the gateway's settings (data dir, limits, time window)
 * @param caches {@code --index-cache.config} and {@code --store.caching-bucket.config}, or the in-memory caches
 * @param syncInterval {@code --sync-block-duration}
 * @param metaFetchConcurrency {@code --block-meta-fetch-concurrency}
 * @param consistencyDelay {@code --consistency-delay}
 * @param ignoreDeletionMarksDelay {@code --ignore-deletion-marks-delay}
 * @param selector {@code --selector.relabel-config[-file]} rules
 * @param discovery {@code --block-discovery-strategy}
 */
public record StoreSettings(String objstoreYaml, BucketStoreConfig store, StoreCaches caches, Duration syncInterval, int metaFetchConcurrency,
        Duration consistencyDelay, Duration ignoreDeletionMarksDelay, List<RelabelConfig> selector,
        BlockMetaFetcher.Discovery discovery) {
    public StoreSettings {
        selector = List.copyOf(selector);
    }
}
