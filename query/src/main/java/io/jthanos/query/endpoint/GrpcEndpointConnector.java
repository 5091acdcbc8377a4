package io.jthanos.query.endpoint;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.jthanos.store.StoreApi;
import io.jthanos.store.grpc.GrpcStoreClient;
import java.util.concurrent.TimeUnit;

/** Connects to endpoints over plaintext gRPC, one channel per endpoint. */
public final class GrpcEndpointConnector implements EndpointConnector {
    private static final int MAX_INBOUND_MESSAGE_BYTES = Integer.MAX_VALUE;

    @Override
    public Connection connect(String address) {
        ManagedChannel channel = ManagedChannelBuilder.forTarget(address).usePlaintext()
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES).build();
        GrpcStoreClient client = new GrpcStoreClient(channel, address);
        return new Connection() {
            @Override
            public StoreApi store() {
                return client;
            }

            @Override
            public void close() {
                channel.shutdownNow();
                try {
                    channel.awaitTermination(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}
