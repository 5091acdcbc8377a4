package io.jthanos.receive.tsdb;

import io.jthanos.model.Labels;
import io.jthanos.model.LabelsBuilder;
import io.jthanos.objstore.Bucket;
import io.jthanos.store.ComponentType;
import io.jthanos.store.TsdbStore;
import io.jthanos.store.proxy.StoreClient;
import io.jthanos.store.shipper.Shipper;
import io.jthanos.store.shipper.ShipperMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * One storage per tenant under {@code <dataDir>/<tenant>} (after Thanos's {@code MultiTSDB}): opened on
 * the first write, reopened for every tenant directory found at start-up. Each tenant is served over
 * the StoreAPI with the external labels plus {@code <tenantLabelName>="<tenant>"}; with a bucket, its
 * blocks are uploaded with the same labels by a per-tenant {@link Shipper} ({@link #ship()}).
 */
public final class MultiTsdb implements AutoCloseable {
    /** The Thanos {@code source} of blocks shipped by receive. */
    public static final String SOURCE = "receive";
    private final Path dataDir;
    private final TenantDb.Factory factory;
    private final Labels externalLabels;
    private final String tenantLabelName;
    private final Shipping shipping;
    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * A tenant's storage with its StoreAPI.
     *
     * @param shipper uploads the tenant's blocks, or {@code null} without a bucket
     */
    public record Tenant(String id, TenantDb db, TsdbStore store, Labels labels, Shipper shipper) {}

    /**
     * Where and how tenants' blocks are shipped.
     *
     * @param registry where each tenant's shipper metrics are registered (tagged with the tenant)
     * @param uploadCompacted whether blocks of compaction level &gt; 1 are shipped too
     */
    public record Shipping(Bucket bucket, MeterRegistry registry, boolean uploadCompacted) {}

    /** Storage without shipping. */
    public MultiTsdb(Path dataDir, TenantDb.Factory factory, Labels externalLabels, String tenantLabelName) {
        this(dataDir, factory, externalLabels, tenantLabelName, null);
    }

    /**
     * @param shipping where blocks are uploaded, or {@code null} to keep them local only. With
     *     shipping, a tenant's retention deletes only blocks its shipper has uploaded.
     */
    public MultiTsdb(Path dataDir, TenantDb.Factory factory, Labels externalLabels, String tenantLabelName,
            Shipping shipping) {
        this.dataDir = dataDir;
        this.factory = factory;
        this.externalLabels = externalLabels;
        this.tenantLabelName = tenantLabelName;
        this.shipping = shipping;
    }

    /** Opens every tenant directory that exists (WAL replay), so their data is served after a restart. */
    public void openExisting() throws IOException {
        if (!Files.isDirectory(dataDir)) {
            Files.createDirectories(dataDir);
            return;
        }
        try (Stream<Path> dirs = Files.list(dataDir)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                tenant(d.getFileName().toString());
            }
        }
    }

    /**
     * The tenant's storage, opened on first use.
     *
     * @throws IOException when it cannot be opened
     * @throws IllegalArgumentException for a tenant id that cannot be a directory name
     */
    public Tenant tenant(String id) throws IOException {
        Tenant t = tenants.get(id);
        if (t != null) {
            return t;
        }
        validateTenantId(id);
        try {
            return tenants.computeIfAbsent(id, k -> {
                if (closed) {
                    throw new IllegalStateException("storage is closed");
                }
                try {
                    Path dir = dataDir.resolve(k);
                    Labels labels = new LabelsBuilder(externalLabels).set(tenantLabelName, k).build();
                    Shipper shipper = null;
                    if (shipping != null) {
                        Files.createDirectories(dir);
                        shipper = new Shipper(dir, shipping.bucket(), labels, SOURCE, new Shipper.Options(shipping.uploadCompacted(), true),
                                new ShipperMetrics(shipping.registry(), k));
                    }
                    TenantDb db = factory.open(k, dir);
                    if (shipper != null) {
                        Shipper s = shipper;
                        db.setRetentionFilter(meta -> s.isUploaded(meta.ulid()));
                    }
                    // open-ended, as Thanos's TSDBStore: a querier caches this info between refreshes, and must
                    // not prune the tenant from a window after the newest sample it saw then
                    TsdbStore store = new TsdbStore(db.queryable(), labels, ComponentType.RECEIVE, db::minTime,
                            () -> Long.MAX_VALUE);
                    return new Tenant(k, db, store, labels, shipper);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Thanos rejects tenant ids that are not a single path element. */
    static void validateTenantId(String id) {
        if (id.isEmpty() || id.equals(".") || id.equals("..") || id.indexOf('/') >= 0 || id.indexOf('\\') >= 0
                || id.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("Tenant name not valid: \"" + id + "\"");
        }
    }

    /**
     * Uploads every tenant's new blocks (no-op without shipping). A tenant whose sync fails does not
     * stop the others.
     *
     * @return the number of blocks uploaded
     * @throws IOException the first failure, after all tenants were tried (blocks that failed to
     *     upload are only logged and counted; they are retried at the next sync)
     */
    public int ship() throws IOException {
        int n = 0;
        IOException first = null;
        for (Tenant t : tenants.values()) {
            if (t.shipper() == null) {
                continue;
            }
            try {
                n += t.shipper().sync().uploaded();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return n;
    }

    /**
     * Writes every tenant's head into a block (Thanos's {@code MultiTSDB.Flush}, run before receive
     * stops so that {@link #ship()} can upload everything). All tenants are tried.
     *
     * @throws IOException the first failure
     */
    public void flush() throws IOException {
        IOException first = null;
        for (Tenant t : tenants.values()) {
            try {
                t.db().flush();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** The open tenants. */
    public List<Tenant> tenants() {
        return List.copyOf(tenants.values());
    }

    /** One StoreAPI client per open tenant, for a {@code ProxyStore}. */
    public List<StoreClient> storeClients() {
        List<StoreClient> out = new ArrayList<>(tenants.size());
        for (Tenant t : tenants.values()) {
            out.add(new StoreClient("tenant " + t.id(), t.store(), t.store().info()));
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        IOException first = null;
        for (Tenant t : tenants.values()) {
            try {
                t.db().close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        tenants.clear();
        if (first != null) {
            throw first;
        }
    }
}
