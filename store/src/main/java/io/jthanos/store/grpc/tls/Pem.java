package io.jthanos.store.grpc.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM certificates and private keys as Go's {@code crypto/tls} reads them: keys in PKCS#8 ({@code PRIVATE KEY}),
 * PKCS#1 ({@code RSA PRIVATE KEY}) or SEC 1 ({@code EC PRIVATE KEY}) form, as cert-manager and openssl write them.
 * Errors name the file.
 */
final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    /** DER of the AlgorithmIdentifier {@code rsaEncryption} with NULL parameters. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
        (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    /** DER of the OID {@code id-ecPublicKey}. */
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private Pem() {}

    private record Block(String type, byte[] der) {}

    private static List<Block> blocks(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IOException("read " + file + ": " + e.getMessage(), e);
        }
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": PEM block " + m.group(1) + " is not valid base64", e);
            }
        }
        return out;
    }

    /** The certificates of {@code file}, in order (a chain: leaf first). */
    static X509Certificate[] certificates(Path file) throws IOException {
        List<X509Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(file)) {
                if (b.type().equals("CERTIFICATE")) {
                    certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": invalid certificate: " + e.getMessage(), e);
        }
        if (certs.isEmpty()) {
            throw new IOException(file + ": no PEM CERTIFICATE block");
        }
        return certs.toArray(X509Certificate[]::new);
    }

    /** The first private key of {@code file}. */
    static PrivateKey privateKey(Path file) throws IOException {
        for (Block b : blocks(file)) {
            try {
                switch (b.type()) {
                    case "PRIVATE KEY" -> {
                        return pkcs8(b.der());
                    }
                    case "RSA PRIVATE KEY" -> {
                        return KeyFactory.getInstance("RSA").generatePrivate(
                                new PKCS8EncodedKeySpec(sequence(integerZero(), RSA_ALGORITHM, octetString(b.der()))));
                    }
                    case "EC PRIVATE KEY" -> {
                        byte[] algorithm = sequence(EC_PUBLIC_KEY_OID, Der.ecCurve(b.der()));
                        return KeyFactory.getInstance("EC").generatePrivate(
                                new PKCS8EncodedKeySpec(sequence(integerZero(), algorithm, octetString(b.der()))));
                    }
                    default -> {
                        // certificates and parameters next to the key
                    }
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new IOException(file + ": invalid " + b.type() + ": " + e.getMessage(), e);
            }
        }
        throw new IOException(file + ": no PEM private key block (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    private static byte[] integerZero() {
        return new byte[] {0x02, 0x01, 0x00};
    }

    private static byte[] octetString(byte[] content) {
        return Der.tagged(0x04, content);
    }

    private static byte[] sequence(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] content = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, content, at, p.length);
            at += p.length;
        }
        return Der.tagged(0x30, content);
    }
}
