package io.jthanos.store.grpc.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.jthanos.model.Labels;
import io.jthanos.store.ComponentType;
import io.jthanos.store.StoreApi;
import io.jthanos.store.StoreException;
import io.jthanos.store.StoreInfo;
import io.jthanos.store.TsdbStore;
import io.jthanos.store.grpc.GrpcStoreClient;
import io.jthanos.store.grpc.InfoGrpcService;
import io.jthanos.store.testing.InMemoryChunkQueryable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gRPC over TLS between our servers and clients: one-way, mutual, with each key format Go's crypto/tls reads. */
class GrpcTlsTest {
    @TempDir Path tmp;
    private final List<Server> servers = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();

    /** A store that announces the time range [1, 2]. */
    private static final StoreApi STORE = new TsdbStore(new InMemoryChunkQueryable(), Labels.of(), ComponentType.STORE,
            () -> 1, () -> 2);

    @AfterEach
    void stop() throws InterruptedException {
        channels.forEach(ManagedChannel::shutdownNow);
        servers.forEach(Server::shutdownNow);
        for (Server s : servers) {
            s.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** A file of {@code src/test/resources/tls} (see its README.txt). */
    static Path file(String name) {
        try {
            return Path.of(GrpcTlsTest.class.getResource("/tls/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private String serve(ServerTls tls) throws IOException {
        Server s = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).sslContext(tls.sslContext())
                .addService(new InfoGrpcService(STORE)).build().start();
        servers.add(s);
        return "127.0.0.1:" + s.getPort();
    }

    private StoreInfo info(String target, ClientTls tls) throws IOException {
        ManagedChannel channel = tls.channels().apply(target).build();
        channels.add(channel);
        return new GrpcStoreClient(channel, target).info();
    }

    private static ClientTls trusting(String ca) {
        return new ClientTls(true, false, null, null, file(ca), "");
    }

    @Test
    void aClientTrustingTheCaTalksToATlsServer() throws Exception {
        String target = serve(new ServerTls(file("server.crt"), file("server.key"), null, "1.3"));
        assertThat(info(target, trusting("ca.crt")).maxTime()).isEqualTo(2);
    }

    @Test
    void aServerKeyInPkcs1FormIsRead() throws Exception {
        String target = serve(new ServerTls(file("server.crt"), file("server-pkcs1.key"), null, "1.2"));
        assertThat(info(target, trusting("ca.crt")).maxTime()).isEqualTo(2);
    }

    @Test
    void clientsThatCannotVerifyTheServerAreRefusedUnlessTheySkipVerification() throws Exception {
        String target = serve(new ServerTls(file("server.crt"), file("server.key"), null, "1.3"));
        String unknownCa = "rpc error: code = Unavailable desc = io exception: TLS handshake failed: unable to find valid"
                + " certification path to requested target (" + target + ")";
        assertThatThrownBy(() -> info(target, trusting("other-ca.crt"))).isInstanceOf(StoreException.class)
                .hasMessage(unknownCa);
        assertThatThrownBy(() -> info(target, new ClientTls(true, false, null, null, null, "")))
                .isInstanceOf(StoreException.class).hasMessage(unknownCa);
        assertThatThrownBy(() -> info(target, ClientTls.NONE)).isInstanceOf(StoreException.class);
        assertThat(info(target, new ClientTls(true, true, null, null, null, "")).maxTime()).isEqualTo(2);
        // as Go's InsecureSkipVerify: neither the chain nor the name is checked
        assertThat(info(target, new ClientTls(true, true, null, null, null, "other.test")).maxTime()).isEqualTo(2);
    }

    @Test
    void theServerNameToVerifyCanDifferFromTheAddress() throws Exception {
        String target = serve(new ServerTls(file("server.crt"), file("server.key"), null, "1.3"));
        assertThat(info(target, new ClientTls(true, false, null, null, file("ca.crt"), "store.jthanos.test")).maxTime())
                .isEqualTo(2);
        assertThatThrownBy(() -> info(target, new ClientTls(true, false, null, null, file("ca.crt"), "other.test")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("TLS handshake failed: No subject alternative DNS name matching other.test found");
    }

    @Test
    void withAClientCaOnlyClientsWithACertificateFromItGetIn() throws Exception {
        String target = serve(new ServerTls(file("server.crt"), file("server.key"), file("ca.crt"), "1.3"));
        assertThatThrownBy(() -> info(target, trusting("ca.crt"))).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("rpc error: code = Unavailable desc = ssl exception: error:")
                .hasMessageContaining("CERTIFICATE_REQUIRED");
        assertThat(info(target, new ClientTls(true, false, file("client.crt"), file("client.key"), file("ca.crt"), ""))
                .maxTime()).isEqualTo(2);
        assertThat(info(target, new ClientTls(true, false, file("client.crt"), file("client-sec1.key"), file("ca.crt"), ""))
                .maxTime()).isEqualTo(2);

        String otherCa = serve(new ServerTls(file("server.crt"), file("server.key"), file("other-ca.crt"), "1.3"));
        assertThatThrownBy(() -> info(otherCa, new ClientTls(true, false, file("client.crt"), file("client.key"),
                file("ca.crt"), ""))).isInstanceOf(StoreException.class);
    }

    @Test
    void badSettingsAndFilesSayWhatIsWrong() throws Exception {
        assertThatThrownBy(() -> new ServerTls(file("server.crt"), null, null, "1.3"))
                .hasMessage("a server TLS certificate needs its key");
        assertThatThrownBy(() -> new ServerTls(null, null, file("ca.crt"), "1.3"))
                .hasMessage("a client CA needs a server TLS certificate and key");
        assertThatThrownBy(() -> new ServerTls(file("server.crt"), file("server.key"), null, "1.4"))
                .hasMessage("unknown TLS version \"1.4\" (allowed: 1.0, 1.1, 1.2, 1.3)");
        assertThatThrownBy(() -> new ClientTls(true, false, null, file("client.key"), null, ""))
                .hasMessage("a client TLS key needs its certificate");

        assertThatThrownBy(() -> new ServerTls(file("server.crt"), file("server.crt"), null, "1.3").sslContext())
                .isInstanceOf(IOException.class).hasMessage(file("server.crt") + ": no PEM private key block"
                        + " (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
        assertThatThrownBy(() -> new ServerTls(file("server.key"), file("server.key"), null, "1.3").sslContext())
                .hasMessage(file("server.key") + ": no PEM CERTIFICATE block");
        Path missing = tmp.resolve("missing.pem");
        assertThatThrownBy(() -> new ServerTls(missing, file("server.key"), null, "1.3").sslContext())
                .hasMessageStartingWith("read " + missing + ": ");
        Path garbled = tmp.resolve("garbled.key");
        Files.writeString(garbled, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> new ServerTls(file("server.crt"), garbled, null, "1.3").sslContext())
                .hasMessageStartingWith(garbled + ": invalid RSA PRIVATE KEY: ");
    }
}
