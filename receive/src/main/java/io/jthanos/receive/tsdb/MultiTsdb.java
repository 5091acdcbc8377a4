package io.jthanos.receive.tsdb;

import io.jthanos.model.Labels;
import io.jthanos.model.LabelsBuilder;
import io.jthanos.store.ComponentType;
import io.jthanos.store.TsdbStore;
import io.jthanos.store.proxy.StoreClient;
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
 * the StoreAPI with the external labels plus {@code <tenantLabelName>="<tenant>"}.
 */
public final class MultiTsdb implements AutoCloseable {
    private final Path dataDir;
    private final TenantDb.Factory factory;
    private final Labels externalLabels;
    private final String tenantLabelName;
    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** A tenant's storage with its StoreAPI. */
    public record Tenant(String id, TenantDb db, TsdbStore store, Labels labels) {}

    public MultiTsdb(Path dataDir, TenantDb.Factory factory, Labels externalLabels, String tenantLabelName) {
        this.dataDir = dataDir;
        this.factory = factory;
        this.externalLabels = externalLabels;
        this.tenantLabelName = tenantLabelName;
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
                    TenantDb db = factory.open(k, dataDir.resolve(k));
                    Labels labels = new LabelsBuilder(externalLabels).set(tenantLabelName, k).build();
                    TsdbStore store = new TsdbStore(db.queryable(), labels, ComponentType.RECEIVE, db::minTime,
                            db::maxTime);
                    return new Tenant(k, db, store, labels);
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
