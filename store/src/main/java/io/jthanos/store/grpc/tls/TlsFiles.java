package io.jthanos.store.grpc.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** JSSE TLS contexts from PEM files, for HTTP clients (the gRPC ones use {@link ClientTls}). */
public final class TlsFiles {
    private TlsFiles() {}

    /**
     * A client context that trusts the certificates of {@code ca} (the system's CAs when null) and presents the
     * certificate {@code cert} with {@code key} (none when both are null).
     *
     * @throws IOException naming the file that cannot be read or is not valid PEM
     */
    public static SSLContext clientContext(Path ca, Path cert, Path key) throws IOException {
        try {
            KeyManagerFactory kmf = null;
            if (cert != null) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                X509Certificate[] chain = Pem.certificates(cert);
                ks.setKeyEntry("client", Pem.privateKey(key), new char[0], chain);
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, new char[0]);
            }
            TrustManagerFactory tmf = null;
            if (ca != null) {
                KeyStore ts = KeyStore.getInstance("PKCS12");
                ts.load(null, null);
                int i = 0;
                for (X509Certificate c : Pem.certificates(ca)) {
                    ts.setCertificateEntry("ca" + i++, c);
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ts);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS from " + (cert != null ? cert : ca) + ": " + e.getMessage(), e);
        }
    }
}
