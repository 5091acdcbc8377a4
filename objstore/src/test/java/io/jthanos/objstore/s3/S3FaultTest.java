package io.jthanos.objstore.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.IterOption;
import io.jthanos.objstore.ObjectNotFoundException;
import io.jthanos.objstore.retry.RetryPolicy;
import io.jthanos.objstore.testing.FaultInjectingProxy;
import io.jthanos.objstore.testing.FaultInjectingProxy.Delay;
import io.jthanos.objstore.testing.FaultInjectingProxy.DropMidResponse;
import io.jthanos.objstore.testing.FaultInjectingProxy.Request;
import io.jthanos.objstore.testing.FaultInjectingProxy.Reset;
import io.jthanos.objstore.testing.FaultInjectingProxy.Respond;
import io.jthanos.objstore.testing.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** S3 behind a fault-injecting proxy: transient faults are retried, persistent ones fail clearly. */
class S3FaultTest {
    private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(20));
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private static S3ProxyServer server;
    private FaultInjectingProxy proxy;
    private S3Bucket bucket;
    private String bucketName;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void setUp() throws IOException {
        bucketName = "faults-" + BUCKETS.incrementAndGet();
        server.createBucket(bucketName);
        proxy = FaultInjectingProxy.start(server.port());
        bucket = open("  part_size: 5242880\n  http_config:\n    response_header_timeout: 500ms\n");
    }

    private S3Bucket open(String extra) {
        return S3Bucket.create(server.s3Config(proxy.endpoint(), bucketName, extra), FAST, "test");
    }

    @AfterEach
    void tearDown() throws IOException {
        bucket.close();
        proxy.close();
    }

    private static Predicate<Request> get(String key) {
        return r -> r.method().equals("GET") && r.target().contains("/" + key);
    }

    @Test
    void getRetriesServerErrorsAndThrottling() throws IOException {
        bucket.upload("k", "content".getBytes());
        proxy.inject(get("k"), new Respond(503, "SlowDown"), 1)
                .inject(get("k"), new Respond(500, "InternalError"), 1)
                .inject(get("k"), new Respond(429, "TooManyRequests"), 1);
        proxy.clearRequests();
        try (InputStream in = bucket.get("k")) {
            assertThat(new String(in.readAllBytes())).isEqualTo("content");
        }
        assertThat(proxy.requests(get("k"))).hasSize(4);
    }

    @Test
    void persistentServerErrorFailsAfterTheBudgetNamingOperationBucketAndKey() throws IOException {
        bucket.upload("01H/index", "content".getBytes());
        proxy.inject(get("01H/index"), new Respond(500, "InternalError"), 100);
        proxy.clearRequests();
        assertThatThrownBy(() -> bucket.getRange("01H/index", 1, 2))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("get_range bucket=" + bucketName + " key=01H/index: HTTP 500 InternalError")
                .hasMessageContaining("gave up after 4 attempts");
        assertThat(proxy.requests(get("01H/index"))).hasSize(FAST.maxAttempts());
    }

    @Test
    void timeBudgetBoundsRetries() throws IOException {
        RetryPolicy slowBackoff = new RetryPolicy(100, Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(300));
        bucket.upload("k", "content".getBytes());
        proxy.inject(get("k"), new Respond(503, "SlowDown"), 1000);
        try (S3Bucket b = S3Bucket.create(server.s3Config(proxy.endpoint(), bucketName, ""), slowBackoff, "test")) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> b.get("k")).hasMessageContaining("retry time budget of PT0.3S exhausted");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
        assertThat(proxy.requests(get("k")).size()).isLessThan(100);
    }

    @Test
    void clientErrorsAreNotRetried() throws IOException {
        proxy.clearRequests();
        assertThatThrownBy(() -> bucket.get("missing")).isInstanceOf(ObjectNotFoundException.class);
        assertThat(proxy.requests(get("missing"))).hasSize(1);

        bucket.upload("k", new byte[] {1});
        proxy.inject(get("k"), new Respond(403, "AccessDenied"), 10);
        proxy.clearRequests();
        assertThatThrownBy(() -> bucket.get("k"))
                .isNotInstanceOf(ObjectNotFoundException.class)
                .hasMessageContaining("get bucket=" + bucketName + " key=k: HTTP 403 AccessDenied");
        assertThat(proxy.requests(get("k"))).hasSize(1);
    }

    @Test
    void connectionDroppedMidResponseIsResumed() throws IOException {
        byte[] data = new byte[300_000];
        new Random(1).nextBytes(data);
        bucket.upload("big", data);
        proxy.inject(get("big"), new DropMidResponse(), 2);
        proxy.clearRequests();
        try (InputStream in = bucket.get("big")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        var gets = proxy.requests(get("big"));
        assertThat(gets).hasSize(3);
        assertThat(gets.get(1).header("Range")).startsWith("bytes=").endsWith("-" + (data.length - 1));
        assertThat(gets.get(1).header("If-Match")).isNotBlank();

        proxy.inject(get("big"), new DropMidResponse(), 2);
        try (InputStream in = bucket.getRange("big", 1000, 200_000)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(data, 1000, 201_000));
        }
    }

    @Test
    void connectionDroppedOnEveryAttemptFailsClearly() throws IOException {
        byte[] data = new byte[100_000];
        bucket.upload("big", data);
        proxy.inject(get("big"), new DropMidResponse(), 100);
        try (InputStream in = bucket.get("big")) {
            assertThatThrownBy(in::readAllBytes)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("get bucket=" + bucketName + " key=big")
                    .hasMessageContaining("gave up after");
        }
    }

    @Test
    void slowResponseBeyondHeaderTimeoutIsRetried() throws IOException {
        bucket.upload("k", "content".getBytes());
        proxy.inject(get("k"), new Delay(Duration.ofMillis(1500)), 1);
        proxy.clearRequests();
        try (InputStream in = bucket.get("k")) {
            assertThat(new String(in.readAllBytes())).isEqualTo("content");
        }
        assertThat(proxy.requests(get("k"))).hasSize(2);
    }

    @Test
    void persistentlySlowServerFailsWithTimeout() throws IOException {
        bucket.upload("k", "content".getBytes());
        proxy.inject(r -> r.method().equals("HEAD"), new Delay(Duration.ofMillis(1500)), 100);
        assertThatThrownBy(() -> bucket.attributes("k"))
                .hasMessageContaining("attributes bucket=" + bucketName + " key=k")
                .hasMessageContaining("timed out")
                .hasMessageContaining("gave up after 4 attempts");
    }

    @Test
    void connectionResetBeforeAnswerIsRetried() throws IOException {
        bucket.upload("k", "content".getBytes());
        proxy.inject(r -> r.method().equals("HEAD"), new Reset(), 2);
        assertThat(bucket.exists("k")).isTrue();
        proxy.inject(r -> r.method().equals("GET"), new Reset(), 2);
        assertThat(bucket.list("")).containsExactly("k");
        proxy.inject(r -> r.method().equals("DELETE"), new Reset(), 1);
        bucket.delete("k");
        assertThat(bucket.exists("k")).isFalse();
    }

    @Test
    void uploadRetriesFailedPutsAndParts() throws IOException {
        proxy.inject(r -> r.method().equals("PUT"), new Respond(503, "SlowDown"), 2);
        bucket.upload("small", "x".getBytes());
        assertThat(bucket.exists("small")).isTrue();

        byte[] data = new byte[(5 << 20) * 2 + 77];
        new Random(2).nextBytes(data);
        proxy.inject(r -> r.is("PUT", "partNumber=2"), new Respond(500, "InternalError"), 2);
        proxy.inject(r -> r.is("POST", "uploadId="), new Reset(), 1);
        bucket.upload("multi", new ByteArrayInputStream(data), data.length);
        try (InputStream in = bucket.get("multi")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void failedMultipartUploadIsAbortedAndNeverVisible() throws IOException {
        byte[] data = new byte[(5 << 20) * 2 + 77];
        proxy.inject(r -> r.is("PUT", "partNumber=2"), new Respond(500, "InternalError"), 100);
        assertThatThrownBy(() -> bucket.upload("blk/index", new ByteArrayInputStream(data), data.length))
                .hasMessageContaining("upload bucket=" + bucketName + " key=blk/index")
                .hasMessageContaining("gave up after 4 attempts");
        assertNothingVisible("blk/index");
    }

    @Test
    void uploadInterruptedBySourceFailureIsAbortedAndNeverVisible() throws IOException {
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(new byte[20 << 20])) {
            private long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > (7 << 20)) {
                    throw new IOException("disk went away");
                }
                int n = super.read(b, off, len);
                read += Math.max(0, n);
                return n;
            }
        };
        assertThatThrownBy(() -> bucket.upload("blk/chunks/000001", failing, Bucket.UNKNOWN_LENGTH)).hasMessageContaining("disk went away");
        assertThat(proxy.requests(r -> r.is("PUT", "partNumber=1"))).as("a part was uploaded before the failure").isNotEmpty();
        assertNothingVisible("blk/chunks/000001");
    }

    @Test
    void uploadOnAnInterruptedThreadIsAbortedAndNeverVisible() throws Exception {
        byte[] data = new byte[(5 << 20) * 3];
        AtomicInteger parts = new AtomicInteger();
        Thread uploader = Thread.ofPlatform().start(() -> {
            InputStream interrupting = new FilterInputStream(new ByteArrayInputStream(data)) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (proxy.requests(r -> r.is("PUT", "partNumber=1")).size() > parts.get()) {
                        Thread.currentThread().interrupt();
                    }
                    return super.read(b, off, len);
                }
            };
            assertThatThrownBy(() -> bucket.upload("blk/meta.json", interrupting, data.length)).isInstanceOf(IOException.class);
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept").isTrue();
        });
        uploader.join(30_000);
        assertThat(uploader.isAlive()).isFalse();
        assertNothingVisible("blk/meta.json");
    }

    @Test
    void openMultipartUploadsAreListed() {
        // Guards assertNothingVisible: the server must report multipart uploads that were not aborted.
        String id = bucket.client().createMultipartUpload(r -> r.bucket(bucketName).key("open")).uploadId();
        assertThat(bucket.client().listMultipartUploads(r -> r.bucket(bucketName)).uploads()).hasSize(1);
        bucket.client().abortMultipartUpload(r -> r.bucket(bucketName).key("open").uploadId(id));
    }

    private void assertNothingVisible(String key) throws IOException {
        proxy.clearFaults();
        assertThat(bucket.exists(key)).isFalse();
        assertThat(bucket.list("", IterOption.RECURSIVE)).doesNotContain(key);
        assertThat(bucket.client().listMultipartUploads(r -> r.bucket(bucketName)).uploads())
                .as("the multipart upload was aborted").isEmpty();
    }
}
