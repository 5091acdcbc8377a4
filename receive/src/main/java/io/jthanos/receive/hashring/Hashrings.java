package io.jthanos.receive.hashring;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All hashrings of one {@code hashrings.json} (Thanos {@code multiHashring}): a tenant is served by the
 * first entry whose {@code tenants} match it; an entry without tenants matches every tenant. Immutable
 * apart from a cache of tenant → ring; a reload builds a new instance.
 */
public final class Hashrings {
    private static final int MAX_CACHED_TENANTS = 100_000;

    private final List<HashringConfig> config;
    private final Hashring[] rings;
    private final Set<String>[] tenantSets;
    private final TenantMatcherType[] matchers;
    private final List<Endpoint> nodes;
    private final ConcurrentHashMap<String, Hashring> cache = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    private Hashrings(List<HashringConfig> config, List<Hashring> rings) {
        this.config = List.copyOf(config);
        this.rings = rings.toArray(Hashring[]::new);
        this.tenantSets = new Set[rings.size()];
        this.matchers = new TenantMatcherType[rings.size()];
        List<Endpoint> all = new ArrayList<>();
        for (int i = 0; i < rings.size(); i++) {
            HashringConfig c = config.get(i);
            tenantSets[i] = c.tenants().isEmpty() ? null : new HashSet<>(c.tenants());
            matchers[i] = c.tenantMatcherType();
            all.addAll(rings.get(i).nodes());
        }
        all.sort(Comparator.comparing(Endpoint::address));
        this.nodes = List.copyOf(all);
    }

    /**
     * Builds the rings of {@code config}.
     *
     * @param defaultAlgorithm {@code --receive.hashrings-algorithm}, used by entries without {@code algorithm}
     * @param replicationFactor {@code --receive.replication-factor}
     * @throws IllegalArgumentException for a configuration Thanos refuses
     */
    public static Hashrings fromConfig(List<HashringConfig> config, HashringAlgorithm defaultAlgorithm,
            int replicationFactor) {
        if (config.isEmpty()) {
            throw new IllegalArgumentException("configuration file is empty");
        }
        List<Hashring> rings = new ArrayList<>(config.size());
        for (HashringConfig c : config) {
            HashringAlgorithm algorithm = c.algorithm() != null ? c.algorithm() : defaultAlgorithm;
            rings.add(switch (algorithm) {
                case HASHMOD -> new HashmodRing(c.endpoints());
                case KETAMA -> new KetamaRing(c.endpoints(), replicationFactor);
            });
        }
        return new Hashrings(config, rings);
    }

    /** The single local ring of an ingestor without hashring configuration. */
    public static Hashrings singleNode(String address) {
        HashringConfig c = new HashringConfig("", List.of(), TenantMatcherType.EXACT, List.of(Endpoint.of(address)), null,
                java.util.Map.of());
        return new Hashrings(List.of(c), List.of(new SingleNodeRing(Endpoint.of(address))));
    }

    /** The ring serving {@code tenant}. */
    public Hashring forTenant(String tenant) throws NoMatchingHashringException {
        Hashring cached = cache.get(tenant);
        if (cached != null) {
            return cached;
        }
        for (int i = 0; i < rings.length; i++) {
            if (matches(i, tenant)) {
                if (cache.size() < MAX_CACHED_TENANTS) {
                    cache.put(tenant, rings[i]);
                }
                return rings[i];
            }
        }
        throw new NoMatchingHashringException(tenant);
    }

    private boolean matches(int ring, String tenant) {
        Set<String> tenants = tenantSets[ring];
        if (tenants == null) {
            return true;
        }
        if (matchers[ring] == TenantMatcherType.EXACT) {
            return tenants.contains(tenant);
        }
        for (String pattern : tenants) {
            if (GoGlob.matches(pattern, tenant)) {
                return true;
            }
        }
        return false;
    }

    /** Every endpoint of every ring, sorted by address (duplicates kept, as Thanos does). */
    public List<Endpoint> nodes() {
        return nodes;
    }

    /** The configuration these rings were built from. */
    public List<HashringConfig> config() {
        return config;
    }
}
