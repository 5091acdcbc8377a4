package io.jthanos.store.grpc.tls;

import io.grpc.ManagedChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * TLS of a component's gRPC client, Thanos's {@code --grpc-client-tls-*} flags (the querier) and
 * {@code --remote-write.client-tls-*} flags (a receiver forwarding to its peers): off unless {@code secure}; the
 * servers verified against a CA file (the system's CAs without one) unless {@code skipVerify}; a client certificate
 * for servers that require one; the name to verify the servers' certificates against instead of the endpoint host.
 *
 * @param secure {@code --grpc-client-tls-secure}
 * @param skipVerify {@code --grpc-client-tls-skip-verify}
 * @param cert {@code --grpc-client-tls-cert}, or {@code null}
 * @param key {@code --grpc-client-tls-key}, or {@code null}
 * @param ca {@code --grpc-client-tls-ca}, or {@code null} for the system's CAs
 * @param serverName {@code --grpc-client-server-name}, or empty
 */
public record ClientTls(boolean secure, boolean skipVerify, Path cert, Path key, Path ca, String serverName) {
    /** Plaintext. */
    public static final ClientTls NONE = new ClientTls(false, false, null, null, null, "");

    /** @throws IllegalArgumentException when a key comes without a certificate or the other way round */
    public ClientTls {
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException(cert == null
                    ? "a client TLS key needs its certificate" : "a client TLS certificate needs its key");
        }
        serverName = serverName == null ? "" : serverName;
    }

    /**
     * Channel builders with this TLS set up (plaintext when not {@code secure}), one per target; the files are read
     * now, once.
     *
     * @throws IOException naming the file that cannot be read or is not valid PEM
     */
    public Function<String, ManagedChannelBuilder<?>> channels() throws IOException {
        if (!secure) {
            return target -> NettyChannelBuilder.forTarget(target).usePlaintext();
        }
        SslContext context = sslContext();
        return target -> {
            NettyChannelBuilder b = NettyChannelBuilder.forTarget(target).sslContext(context);
            return serverName.isEmpty() ? b : b.overrideAuthority(serverName);
        };
    }

    private SslContext sslContext() throws IOException {
        SslContextBuilder b = GrpcSslContexts.forClient();
        if (skipVerify) {
            b.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else if (ca != null) {
            b.trustManager(Pem.certificates(ca));
        }
        if (cert != null) {
            b.keyManager(Pem.privateKey(key), Pem.certificates(cert));
        }
        return b.build();
    }
}
