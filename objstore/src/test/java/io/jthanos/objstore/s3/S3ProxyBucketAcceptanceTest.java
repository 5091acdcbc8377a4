package io.jthanos.objstore.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.retry.RetryPolicy;
import io.jthanos.objstore.testing.BucketAcceptanceTest;
import io.jthanos.objstore.testing.S3ProxyServer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The acceptance suite against S3 served by an embedded s3proxy, with 5 MiB parts. */
class S3ProxyBucketAcceptanceTest extends BucketAcceptanceTest {
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static S3ProxyServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    protected Bucket newBucket() {
        String name = "acceptance-" + BUCKETS.incrementAndGet();
        server.createBucket(name);
        return S3Bucket.create(server.s3Config(server.endpoint(), name, "  part_size: 5242880\n"), RetryPolicy.DEFAULT, "test");
    }

    @Test
    void listObjectsV1() throws Exception {
        String name = "acceptance-v1";
        server.createBucket(name);
        try (S3Bucket v1 = S3Bucket.create(server.s3Config(server.endpoint(), name, "  list_objects_version: v1\n"), "test")) {
            v1.upload("a/b", new byte[] {1});
            v1.upload("c", new byte[] {2});
            assertThat(v1.list("")).containsExactly("a/", "c");
            assertThat(v1.list("", io.jthanos.objstore.IterOption.RECURSIVE)).containsExactly("a/b", "c");
        }
    }

    @Test
    void directoryMarkerObjectIsNotItsOwnEntry() throws Exception {
        bucket.upload("dir/", new byte[0]);
        bucket.upload("dir/x", new byte[] {1});
        assertThat(bucket.list("dir")).containsExactly("dir/x");
    }
}
