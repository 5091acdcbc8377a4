package io.jthanos.objstore.s3;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.BucketFactory;
import io.jthanos.objstore.testing.BucketAcceptanceTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MinIOContainer;

/** The acceptance suite against a real MinIO in Docker; skipped, saying so, where no Docker engine runs. */
class MinioBucketAcceptanceTest extends BucketAcceptanceTest {
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static MinIOContainer minio;

    @BeforeAll
    static void startMinio() {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            docker = false;
        }
        if (!docker) {
            System.out.println("MinioBucketAcceptanceTest skipped: no Docker engine available for Testcontainers");
        }
        assumeTrue(docker, "no Docker engine available for Testcontainers; MinIO acceptance tests skipped");
        minio = new MinIOContainer("minio/minio:RELEASE.2024-10-13T13-34-11Z");
        minio.start();
    }

    @AfterAll
    static void stopMinio() {
        if (minio != null) {
            minio.stop();
        }
    }

    @Override
    protected Bucket newBucket() throws Exception {
        String name = "acceptance-" + BUCKETS.incrementAndGet();
        String endpoint = minio.getHost() + ":" + minio.getMappedPort(9000);
        String yaml = "type: S3\nconfig:\n  bucket: " + name + "\n  endpoint: " + endpoint
                + "\n  access_key: " + minio.getUserName() + "\n  secret_key: " + minio.getPassword()
                + "\n  insecure: true\n  part_size: 5242880\n";
        S3Bucket bucket = (S3Bucket) ((io.jthanos.objstore.InstrumentedBucket) BucketFactory.fromConfig(yaml, "minio", new SimpleMeterRegistry())).unwrap();
        bucket.client().createBucket(r -> r.bucket(name));
        return bucket;
    }
}
