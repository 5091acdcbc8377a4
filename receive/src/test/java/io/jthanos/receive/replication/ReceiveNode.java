package io.jthanos.receive.replication;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.jthanos.model.Labels;
import io.jthanos.receive.ReceiveMetrics;
import io.jthanos.receive.handler.LimitsConfig;
import io.jthanos.receive.handler.RemoteWriteHandler;
import io.jthanos.receive.handler.RemoteWriteHttpRequest;
import io.jthanos.receive.handler.RemoteWriteHttpResponse;
import io.jthanos.receive.hashring.Hashrings;
import io.jthanos.receive.tsdb.HeadTenantDbFactory;
import io.jthanos.receive.tsdb.MultiTsdb;
import io.jthanos.receive.tsdb.TenantWriter;
import io.jthanos.tsdb.head.HeadOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** One in-process router-ingestor with its gRPC WriteableStore on a loopback port. */
final class ReceiveNode implements AutoCloseable {
    final MultiTsdb storage;
    final WriteRouter router;
    final RemoteWriteHandler handler;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final String address;
    private final Path dir;
    private final int port;
    private Server server;
    /** {@code grpc-encoding} of each forward this node received. */
    final java.util.List<String> receivedEncodings = new java.util.concurrent.CopyOnWriteArrayList<>();

    ReceiveNode(Path dir, int replicaIndex, AtomicReference<Hashrings> rings, int rf, int port) throws Exception {
        this(dir, replicaIndex, rings, rf, port, "none");
    }

    ReceiveNode(Path dir, int replicaIndex, AtomicReference<Hashrings> rings, int rf, int port, String compression)
            throws Exception {
        this.dir = dir;
        storage = new MultiTsdb(dir, new HeadTenantDbFactory(HeadOptions.defaults()),
                Labels.of("receive_replica", Integer.toString(replicaIndex)), "tenant_id");
        ReceiveMetrics metrics = new ReceiveMetrics(registry);
        this.port = port;
        address = "127.0.0.1:" + port;
        router = new WriteRouter(rings::get, address, rf, ReceiverMode.ROUTER_INGESTOR, new TenantWriter(storage),
                new GrpcPeerClient(compression), Duration.ofSeconds(3), Duration.ofMillis(200), metrics);
        handler = new RemoteWriteHandler(new RemoteWriteHandler.Options("THANOS-TENANT", "default-tenant", "THANOS-REPLICA",
                RemoteWriteHandler.DEFAULT_MAX_DECOMPRESSED_BYTES), () -> rings.get() != null, LimitsConfig::unlimited,
                t -> 0, router, metrics);
    }

    void start() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .decompressorRegistry(SnappyGrpcCodec.decompressors())
                .addService(io.grpc.ServerInterceptors.intercept(new WriteableStoreService(router), new io.grpc.ServerInterceptor() {
                    @Override
                    public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, R> call,
                            io.grpc.Metadata headers, io.grpc.ServerCallHandler<Q, R> next) {
                        String enc = headers.get(io.grpc.Metadata.Key.of("grpc-encoding", io.grpc.Metadata.ASCII_STRING_MARSHALLER));
                        receivedEncodings.add(enc == null ? "identity" : enc);
                        return next.startCall(call, headers);
                    }
                })).build().start();
    }

    void stop() throws InterruptedException {
        if (server == null) {
            return;
        }
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    RemoteWriteHttpResponse post(byte[] body) {
        Map<String, String> h = Map.of("content-type", "application/x-protobuf", "content-encoding", "snappy");
        return handler.handle(new RemoteWriteHttpRequest(name -> h.get(name.toLowerCase(java.util.Locale.ROOT)), body));
    }

    double counter(String name, String result) {
        return registry.get(name).tag("result", result).counter().count();
    }

    @Override
    public void close() throws Exception {
        stop();
        router.close();
        storage.close();
    }
}
