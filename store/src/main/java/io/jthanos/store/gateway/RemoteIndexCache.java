package io.jthanos.store.gateway;

import io.jthanos.store.cache.RemoteCache;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * An {@link IndexCache} in a shared {@link RemoteCache} such as memcached (Thanos's {@code RemoteIndexCache}), so
 * that store gateway replicas and restarts share warm items. Every item is stored for {@code ttl}.
 *
 * <p>Keys are {@code jthanos:P:<block>:<hash>} for a postings list (the hash is the URL-safe base64 SHA-256 of
 * the label name and value, which keeps keys within memcached's 250 bytes) and {@code jthanos:S:<block>:<id>}
 * for a series entry. The prefix is ours on purpose: Thanos caches postings compressed and series entries without
 * their length and CRC, so a memcached shared with Thanos store gateways must not serve its items to us or ours
 * to it.
 *
 * <p>Metrics keep Thanos's names: {@code thanos_store_index_cache_requests_total} and
 * {@code thanos_store_index_cache_hits_total} by {@code item_type}.
 */
public final class RemoteIndexCache implements IndexCache {
    private static final Base64.Encoder KEY_HASH = Base64.getUrlEncoder().withoutPadding();

    private final RemoteCache cache;
    private final Duration ttl;
    private final IndexCacheRequests lookups;

    public RemoteIndexCache(RemoteCache cache, Duration ttl, MeterRegistry registry) {
        this.cache = cache;
        this.ttl = ttl;
        this.lookups = new IndexCacheRequests(registry);
    }

    @Override
    public byte[][] fetchPostings(String block, List<String> names, List<String> values) {
        List<String> keys = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            keys.add(postingsKey(block, names.get(i), values.get(i)));
        }
        return fetch(ItemType.POSTINGS, keys);
    }

    @Override
    public void storePostings(String block, String name, String value, byte[] data) {
        cache.setAsync(postingsKey(block, name, value), data, ttl);
    }

    @Override
    public byte[][] fetchSeries(String block, long[] ids) {
        List<String> keys = new ArrayList<>(ids.length);
        for (long id : ids) {
            keys.add(seriesKey(block, id));
        }
        return fetch(ItemType.SERIES, keys);
    }

    @Override
    public void storeSeries(String block, long id, byte[] data) {
        cache.setAsync(seriesKey(block, id), data, ttl);
    }

    private byte[][] fetch(ItemType type, List<String> keys) {
        byte[][] out = new byte[keys.size()][];
        if (keys.isEmpty()) {
            return out;
        }
        Map<String, byte[]> found = cache.getMulti(keys);
        int n = 0;
        for (int i = 0; i < out.length; i++) {
            out[i] = found.get(keys.get(i));
            if (out[i] != null) {
                n++;
            }
        }
        lookups.record(type, out.length, n);
        return out;
    }

    static String postingsKey(String block, String name, String value) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        sha.update(name.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0); // a label name holds no NUL: "a"+"b:c" and "a:b"+"c" differ
        sha.update(value.getBytes(StandardCharsets.UTF_8));
        return "jthanos:P:" + block + ":" + KEY_HASH.encodeToString(sha.digest());
    }

    static String seriesKey(String block, long id) {
        return "jthanos:S:" + block + ":" + id;
    }
}
