package io.jthanos.store.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.jthanos.store.StoreException;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A call to an endpoint that is down says why, not only grpc-java's "io exception". */
class GrpcStoreClientErrorTest {

    @Test
    void aRefusedConnectionIsNamedInTheError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String target = "127.0.0.1:" + port;
        ManagedChannel channel = NettyChannelBuilder.forTarget(target).usePlaintext().build();
        try {
            GrpcStoreClient client = new GrpcStoreClient(channel, target);
            assertThatThrownBy(client::info).isInstanceOfSatisfying(StoreException.class, e -> {
                assertThat(e.code()).isEqualTo(StoreException.Code.UNAVAILABLE);
                assertThat(e.getMessage())
                        .startsWith("rpc error: code = Unavailable desc = ")
                        .contains("Connection refused")
                        .endsWith("(" + target + ")");
            });
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
