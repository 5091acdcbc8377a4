package io.jthanos.objstore.testing;

import io.jthanos.objstore.config.BucketConfig;
import io.jthanos.objstore.config.EnvExpander;
import io.jthanos.objstore.s3.S3Config;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * An S3 server inside the test JVM (s3proxy over an in-memory store) on a free loopback port, for the
 * tests of any module that needs a real S3 endpoint:
 *
 * <pre>{@code
 * try (S3ProxyServer s3 = S3ProxyServer.start()) {
 *     Bucket bucket = BucketFactory.fromConfig(s3.objstoreYaml(), "test", new SimpleMeterRegistry());
 *     ...
 * }
 * }</pre>
 *
 * Consumers need {@code org.gaul:s3proxy} (and a {@code logback-test.xml} at WARN) on their test
 * classpath.
 */
public final class S3ProxyServer implements AutoCloseable {
    /** The bucket created by {@link #start()}. */
    public static final String DEFAULT_BUCKET = "thanos";
    public static final String ACCESS_KEY = "access";
    public static final String SECRET_KEY = "secret-key";

    private final S3Proxy proxy;
    private final BlobStore store;

    private S3ProxyServer(S3Proxy proxy, BlobStore store) {
        this.proxy = proxy;
        this.store = store;
    }

    /** Starts a server with bucket {@value #DEFAULT_BUCKET}. */
    public static S3ProxyServer start() throws Exception {
        BlobStore store = BlobStores.create("transient", new Properties());
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                proxy.stop();
                throw new IllegalStateException("s3proxy did not start within 30 s, state " + proxy.getState());
            }
            Thread.sleep(10);
        }
        S3ProxyServer server = new S3ProxyServer(proxy, store);
        server.createBucket(DEFAULT_BUCKET);
        return server;
    }

    /** Creates another (empty) bucket. */
    public void createBucket(String name) {
        store.createContainer(name);
    }

    /** The server's port on 127.0.0.1. */
    public int port() {
        return proxy.getPort();
    }

    /** {@code 127.0.0.1:port}, as objstore.yml's {@code endpoint} wants it. */
    public String endpoint() {
        return "127.0.0.1:" + port();
    }

    /** An objstore.yml for bucket {@value #DEFAULT_BUCKET}. */
    public String objstoreYaml() {
        return objstoreYaml(DEFAULT_BUCKET, "");
    }

    /**
     * An objstore.yml for {@code bucket}, with {@code extraConfig} appended to the {@code config:}
     * mapping (each line indented by two spaces, e.g. {@code "  part_size: 5242880\n"}).
     */
    public String objstoreYaml(String bucket, String extraConfig) {
        return objstoreYaml(endpoint(), bucket, extraConfig);
    }

    /** An objstore.yml for this server's credentials at another endpoint (e.g. a proxy in front of it). */
    public String objstoreYaml(String endpoint, String bucket, String extraConfig) {
        return "type: S3\n"
                + "config:\n"
                + "  bucket: " + bucket + "\n"
                + "  endpoint: " + endpoint + "\n"
                + "  region: us-east-1\n"
                + "  access_key: " + ACCESS_KEY + "\n"
                + "  secret_key: " + SECRET_KEY + "\n"
                + "  insecure: true\n"
                + extraConfig;
    }

    /** The parsed {@link S3Config} of {@link #objstoreYaml(String, String, String)}. */
    public S3Config s3Config(String endpoint, String bucket, String extraConfig) {
        return S3Config.parse(BucketConfig.parse(objstoreYaml(endpoint, bucket, extraConfig), "test objstore.yml", EnvExpander.of(java.util.Map.of())).config());
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        store.close();
    }
}
