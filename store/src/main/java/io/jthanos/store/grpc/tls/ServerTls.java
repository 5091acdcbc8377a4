package io.jthanos.store.grpc.tls;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * TLS of a component's gRPC server, Thanos's {@code --grpc-server-tls-*} flags: a certificate (chain) and key in PEM,
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
     * @throws IllegalArgumentException naming the flag when a key comes without a certificate or the other way
     *     round, a client CA comes without either, or the version is unknown
     */
    public ServerTls {
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException(cert == null
                    ? "--grpc-server-tls-key needs --grpc-server-tls-cert"
                    : "--grpc-server-tls-cert needs --grpc-server-tls-key");
        }
        if (clientCa != null && cert == null) {
            throw new IllegalArgumentException("--grpc-server-tls-client-ca needs --grpc-server-tls-cert and --grpc-server-tls-key");
        }
        TlsVersions.from(minVersion, "--grpc-server-tls-min-version");
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
        SslContextBuilder b = GrpcSslContexts.configure(SslContextBuilder.forServer(Pem.privateKey(key), Pem.certificates(cert)));
        if (clientCa != null) {
            b.trustManager(Pem.certificates(clientCa)).clientAuth(ClientAuth.REQUIRE);
        }
        List<String> protocols = TlsVersions.from(minVersion, "--grpc-server-tls-min-version");
        b.protocols(protocols);
        return b.build();
    }
}
