package io.jthanos.store.grpc.tls;

import java.util.List;

/** Thanos's TLS version names ("1.0" … "1.3") as JSSE protocol lists. */
final class TlsVersions {
    private TlsVersions() {}

    /** The protocols from {@code min} up to TLS 1.3. */
    static List<String> from(String min) {
        return switch (min) {
            case "1.3" -> List.of("TLSv1.3");
            case "1.2" -> List.of("TLSv1.3", "TLSv1.2");
            case "1.1" -> List.of("TLSv1.3", "TLSv1.2", "TLSv1.1");
            case "1.0" -> List.of("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1");
            default -> throw new IllegalArgumentException("unknown TLS version \"" + min
                    + "\" (allowed: 1.0, 1.1, 1.2, 1.3)");
        };
    }
}
