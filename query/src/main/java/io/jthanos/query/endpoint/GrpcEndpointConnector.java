package io.jthanos.query.endpoint;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.jthanos.query.rules.GrpcRulesClient;
import io.jthanos.query.rules.RulesAnnouncement;
import io.jthanos.query.rules.RulesSource;
import io.jthanos.store.StoreApi;
import io.jthanos.store.grpc.GrpcStoreClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Connects to endpoints over gRPC, plaintext or TLS, one channel per endpoint. */
public final class GrpcEndpointConnector implements EndpointConnector {
    private static final int MAX_INBOUND_MESSAGE_BYTES = Integer.MAX_VALUE;
    private static final Duration RULES_TIMEOUT = Duration.ofMinutes(2);

    private final Function<String, ManagedChannelBuilder<?>> channels;

    /** Plaintext. */
    public GrpcEndpointConnector() {
        this(target -> ManagedChannelBuilder.forTarget(target).usePlaintext());
    }

    /** @param channels a channel builder per endpoint address, with the transport security set up */
    public GrpcEndpointConnector(Function<String, ManagedChannelBuilder<?>> channels) {
        this.channels = channels;
    }

    @Override
    public Connection connect(String address) {
        RulesAnnouncement rulesAnnouncement = new RulesAnnouncement();
        ManagedChannel channel = channels.apply(address)
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES).intercept(rulesAnnouncement).build();
        GrpcStoreClient client = new GrpcStoreClient(channel, address);
        GrpcRulesClient rules = new GrpcRulesClient(channel, address, RULES_TIMEOUT);
        return new Connection() {
            @Override
            public StoreApi store() {
                return client;
            }

            @Override
            public RulesSource rules() {
                return rulesAnnouncement.announced() ? rules : null;
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
