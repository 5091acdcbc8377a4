package io.jthanos.store.grpc.tls;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * TLS of a component's server, Thanos's {@code --grpc-server-tls-*} flags (gRPC) and a receiver's
 * {@code --remote-write.server-tls-*} flags (its remote-write HTTP endpoint): a certificate (chain) and key in PEM,
 * optionally a CA that clients must present a certificate from (mutual TLS; without it clients are not verified),
 * and the lowest TLS version accepted ("1.0" to "1.3", Thanos's default "1.3").
 *
 * @param cert {@code --grpc-server-tls-cert}, or {@code null} for plaintext
 * @param key {@code --grpc-server-tls-key}
 * @param clientCa {@code --grpc-server-tls-client-ca}, or {@code null}
 * @param minVersion {@code --grpc-server-tls-min-version}
 */
public record ServerTls(Path cert, Path key, Path clientCa, String minVersion) {
    /** Thanos's default {@code --grpc-server-tls-min-version}. */
    public static final String DEFAULT_MIN_VERSION = "1.3";

    /** Plaintext. */
    public static final ServerTls NONE = new ServerTls(null, null, null, DEFAULT_MIN_VERSION);

    /**
     * @throws IllegalArgumentException when a key comes without a certificate or the other way round, a client CA
     *     comes without either, or the version is unknown
     */
    public ServerTls {
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException(cert == null
                    ? "a server TLS key needs its certificate" : "a server TLS certificate needs its key");
        }
        if (clientCa != null && cert == null) {
            throw new IllegalArgumentException("a client CA needs a server TLS certificate and key");
        }
        TlsVersions.from(minVersion);
    }

    /** Whether the server speaks TLS. */
    public boolean enabled() {
        return cert != null;
    }

    /**
     * The server's TLS context, read from the files now.
     *
     * @throws IOException naming the file that cannot be read or is not valid PEM
     */
    public SslContext sslContext() throws IOException {
        SslContextBuilder b = GrpcSslContexts.configure(SslContextBuilder.forServer(privateKey(), certificateChain()));
        if (clientCa != null) {
            b.trustManager(clientCaCertificates()).clientAuth(ClientAuth.REQUIRE);
        }
        return b.protocols(protocols()).build();
    }

    /** The key of {@link #cert}, read now. */
    public PrivateKey privateKey() throws IOException {
        return Pem.privateKey(key);
    }

    /** The certificate chain, read now. */
    public X509Certificate[] certificateChain() throws IOException {
        return Pem.certificates(cert);
    }

    /** The CA certificates clients must present a certificate from, read now; {@code null} without a client CA. */
    public X509Certificate[] clientCaCertificates() throws IOException {
        return clientCa == null ? null : Pem.certificates(clientCa);
    }

    /** The JSSE protocol names from {@link #minVersion} up. */
    public List<String> protocols() {
        return TlsVersions.from(minVersion);
    }
}
