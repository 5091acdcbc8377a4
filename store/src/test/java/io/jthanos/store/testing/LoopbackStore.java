package io.jthanos.store.testing;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.jthanos.store.StoreApi;
import io.jthanos.store.grpc.GrpcStoreClient;
import io.jthanos.store.grpc.InfoGrpcService;
import io.jthanos.store.grpc.StoreGrpcService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** Serves a {@link StoreApi} over real gRPC on {@code 127.0.0.1:0} and connects a client to it. */
public final class LoopbackStore implements AutoCloseable {
    private final Server server;
    private final ManagedChannel channel;
    private final GrpcStoreClient client;

    public LoopbackStore(StoreApi store) {
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(new StoreGrpcService(store))
                    .addService(new InfoGrpcService(store))
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String target = "127.0.0.1:" + server.getPort();
        channel = NettyChannelBuilder.forTarget(target).usePlaintext().build();
        client = new GrpcStoreClient(channel, target);
    }

    /** The client side: a {@link StoreApi} speaking gRPC to the server. */
    public GrpcStoreClient client() {
        return client;
    }

    public String address() {
        return "127.0.0.1:" + server.getPort();
    }

    @Override
    public void close() {
        channel.shutdownNow();
        server.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
