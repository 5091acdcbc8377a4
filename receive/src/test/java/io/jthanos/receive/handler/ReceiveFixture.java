package io.jthanos.receive.handler;

import io.jthanos.model.Labels;
import io.jthanos.receive.ReceiveMetrics;
import io.jthanos.receive.hashring.Hashrings;
import io.jthanos.receive.replication.GrpcPeerClient;
import io.jthanos.receive.replication.ReceiverMode;
import io.jthanos.receive.replication.WriteRouter;
import io.jthanos.receive.tsdb.HeadTenantDbFactory;
import io.jthanos.receive.tsdb.MultiTsdb;
import io.jthanos.receive.tsdb.TenantWriter;
import io.jthanos.tsdb.head.HeadOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** A single-node receiver (ingestor) over real WAL-backed heads, for handler tests. */
final class ReceiveFixture implements AutoCloseable {
    final MultiTsdb storage;
    final WriteRouter router;
    final RemoteWriteHandler handler;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final AtomicBoolean ready = new AtomicBoolean(true);
    final AtomicReference<LimitsConfig> limits = new AtomicReference<>(LimitsConfig.unlimited());

    ReceiveFixture(Path dir, String defaultTenant) throws Exception {
        storage = new MultiTsdb(dir, new HeadTenantDbFactory(HeadOptions.defaults()), Labels.of("replica", "a"), "tenant_id");
        ReceiveMetrics metrics = new ReceiveMetrics(registry);
        Hashrings rings = Hashrings.singleNode("local");
        router = new WriteRouter(() -> rings, "local", 1, ReceiverMode.INGESTOR_ONLY, new TenantWriter(storage),
                new GrpcPeerClient(), Duration.ofSeconds(5), Duration.ofSeconds(1), metrics);
        handler = new RemoteWriteHandler(
                new RemoteWriteHandler.Options("THANOS-TENANT", defaultTenant, "THANOS-REPLICA",
                        RemoteWriteHandler.DEFAULT_MAX_DECOMPRESSED_BYTES),
                ready::get, limits::get, tenant -> {
                    try {
                        return storage.tenant(tenant).db().numSeries();
                    } catch (Exception e) {
                        return 0;
                    }
                }, router, metrics);
    }

    RemoteWriteHttpResponse post(byte[] body, String... headers) {
        Map<String, String> h = new HashMap<>();
        h.put("content-type", "application/x-protobuf");
        h.put("content-encoding", "snappy");
        h.put("x-prometheus-remote-write-version", "0.1.0");
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i].toLowerCase(Locale.ROOT), headers[i + 1]);
        }
        return handler.handle(new RemoteWriteHttpRequest(name -> h.get(name.toLowerCase(Locale.ROOT)), body));
    }

    @Override
    public void close() throws Exception {
        router.close();
        storage.close();
    }
}
