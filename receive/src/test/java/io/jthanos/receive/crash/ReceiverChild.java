package io.jthanos.receive.crash;

import com.sun.net.httpserver.HttpServer;
import io.jthanos.model.Labels;
import io.jthanos.receive.ReceiveMetrics;
import io.jthanos.receive.handler.LimitsConfig;
import io.jthanos.receive.handler.RemoteWriteHandler;
import io.jthanos.receive.handler.RemoteWriteHttpRequest;
import io.jthanos.receive.handler.RemoteWriteHttpResponse;
import io.jthanos.receive.hashring.Hashrings;
import io.jthanos.receive.replication.GrpcPeerClient;
import io.jthanos.receive.replication.ReceiverMode;
import io.jthanos.receive.replication.WriteRouter;
import io.jthanos.receive.tsdb.MultiTsdb;
import io.jthanos.receive.tsdb.TenantWriter;
import io.jthanos.receive.tsdb.TsdbTenantDbFactory;
import io.jthanos.tsdb.TsdbOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * A receiver in a child JVM for {@link ReceiverKillTest}: the remote-write handler and router over
 * real per-tenant {@code Tsdb}s (receive's default durability: WAL written before each 2xx, fsynced in
 * the background; short blocks cut in the background) on a
 * loopback HTTP port, printed as {@code PORT <n>} once it serves. Runs until killed.
 */
public final class ReceiverChild {
    /** Blocks of 5 s, so blocks are cut (and the WAL truncated) while the test kills the process. */
    static final TsdbOptions OPTIONS = TsdbOptions.defaults().withBlockDuration(Duration.ofSeconds(5))
            .withRetention(Duration.ZERO).withCompactionInterval(Duration.ofMillis(200))
            .withDurability(TsdbTenantDbFactory.DEFAULT_DURABILITY);

    private ReceiverChild() {}

    static MultiTsdb storage(Path dir, TsdbOptions options) {
        return new MultiTsdb(dir, new TsdbTenantDbFactory(options), Labels.of("receive_replica", "0"), "tenant_id");
    }

    public static void main(String[] args) throws Exception {
        MultiTsdb storage = storage(Path.of(args[0]), OPTIONS);
        storage.openExisting();
        ReceiveMetrics metrics = new ReceiveMetrics(new SimpleMeterRegistry());
        Hashrings rings = Hashrings.singleNode("local");
        WriteRouter router = new WriteRouter(() -> rings, "local", 1, ReceiverMode.INGESTOR_ONLY, new TenantWriter(storage),
                new GrpcPeerClient(), Duration.ofSeconds(5), Duration.ofMillis(200), metrics);
        RemoteWriteHandler handler = new RemoteWriteHandler(new RemoteWriteHandler.Options("THANOS-TENANT", "default-tenant",
                "THANOS-REPLICA", RemoteWriteHandler.DEFAULT_MAX_DECOMPRESSED_BYTES), () -> true, LimitsConfig::unlimited,
                t -> 0, router, metrics);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/api/v1/receive", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            RemoteWriteHttpResponse r = handler.handle(new RemoteWriteHttpRequest(exchange.getRequestHeaders()::getFirst, body));
            byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(r.status(), out.length == 0 ? -1 : out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        });
        server.start();
        System.out.println("PORT " + server.getAddress().getPort());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
