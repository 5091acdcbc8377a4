package io.jthanos.objstore.s3;

import io.jthanos.objstore.config.ObjstoreConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * Builds the AWS SDK client for an {@link S3Config}. The SDK's own retries are switched off: {@link
 * S3Bucket} retries under its {@link io.jthanos.objstore.retry.RetryPolicy}, so the budget is ours.
 */
final class S3ClientFactory {
    private static final int DEFAULT_MAX_CONNECTIONS = 100;

    private S3ClientFactory() {}

    static S3Client create(S3Config config, String source) {
        boolean pathStyle = switch (config.bucketLookup()) {
            case PATH -> true;
            case VIRTUAL_HOSTED -> false;
            case AUTO -> !config.isAwsEndpoint();
        };
        String scheme = config.insecure() ? "http" : "https";
        return S3Client.builder()
                .httpClient(httpClient(config.http(), source))
                .endpointOverride(URI.create(scheme + "://" + config.endpoint()))
                .region(Region.of(config.region().isEmpty() ? "us-east-1" : config.region()))
                .crossRegionAccessEnabled(config.region().isEmpty())
                .forcePathStyle(pathStyle)
                .credentialsProvider(credentials(config))
                // Plain Content-MD5/none instead of streaming CRC trailers, which many S3-compatible stores reject.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static AwsCredentialsProvider credentials(S3Config config) {
        if (config.awsSdkAuth() || config.accessKey().isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        if (!config.sessionToken().isEmpty()) {
            return StaticCredentialsProvider.create(
                    AwsSessionCredentials.create(config.accessKey(), config.secretKey(), config.sessionToken()));
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKey(), config.secretKey()));
    }

    private static SdkHttpClient httpClient(S3Config.Http http, String source) {
        ApacheHttpClient.Builder builder = ApacheHttpClient.builder()
                // Go's dialer timeout in Thanos is 30 s; the TLS handshake shares it here.
                .connectionTimeout(java.time.Duration.ofSeconds(30))
                // The SDK has no separate response-header timeout: a socket read timeout bounds the wait
                // for the headers and for each read of the body.
                .socketTimeout(http.responseHeaderTimeout())
                .connectionMaxIdleTime(http.idleConnTimeout())
                .maxConnections(http.maxConnsPerHost() > 0 ? http.maxConnsPerHost() : DEFAULT_MAX_CONNECTIONS)
                .tcpKeepAlive(true);
        if (http.insecureSkipVerify()) {
            return builder.buildWithDefaults(AttributeMap.builder()
                    .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, Boolean.TRUE)
                    .build());
        }
        if (!http.tls().caFile().isEmpty()) {
            TrustManager[] managers = trustManagers(http.tls(), source);
            builder.tlsTrustManagersProvider(() -> managers);
        }
        return builder.build();
    }

    private static TrustManager[] trustManagers(S3Config.Tls tls, String source) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            Collection<? extends Certificate> certs;
            try (InputStream in = Files.newInputStream(Path.of(tls.caFile()))) {
                certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (certs.isEmpty()) {
                throw new ObjstoreConfigException(source + ": config.http_config.tls_config.ca_file: no certificate in " + tls.caFile());
            }
            int i = 0;
            for (Certificate cert : certs) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            if (tls.trustRootCa()) {
                for (X509Certificate cert : systemRoots()) {
                    store.setCertificateEntry("root-" + i++, cert);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return tmf.getTrustManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new ObjstoreConfigException(source + ": config.http_config.tls_config.ca_file: cannot use CA file "
                    + tls.caFile() + ": " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> systemRoots() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        List<X509Certificate> roots = new ArrayList<>();
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x509) {
                roots.addAll(List.of(x509.getAcceptedIssuers()));
            }
        }
        return roots;
    }
}
