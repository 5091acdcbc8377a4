package io.jthanos.objstore.s3;

import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.BucketErrors;
import io.jthanos.objstore.BucketOperation;
import io.jthanos.objstore.IterOption;
import io.jthanos.objstore.NameVisitor;
import io.jthanos.objstore.ObjectAttributes;
import io.jthanos.objstore.ObjectNames;
import io.jthanos.objstore.ObjectNotFoundException;
import io.jthanos.objstore.retry.Retrier;
import io.jthanos.objstore.retry.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Thanos's {@code S3} provider over the AWS SDK v2: any S3-compatible store (AWS, MinIO, Ceph, ...).
 *
 * <p>Every request runs under this bucket's {@link RetryPolicy} (the SDK's own retries are off), so
 * transient failures (5xx, 429/SlowDown, resets, timeouts) are retried with backoff and full jitter
 * until the attempt or time budget runs out; the final error names operation, bucket and key. Reads
 * resume after a dropped connection (see {@link S3ObjectStream}). Uploads: see {@link S3Uploader}.
 */
public final class S3Bucket implements Bucket {
    private final S3Client client;
    private final S3Config config;
    private final String bucket;
    private final Retrier retrier;
    private final S3Encryption encryption;
    private final S3Uploader uploader;

    private S3Bucket(S3Client client, S3Config config, Retrier retrier, S3Encryption encryption) {
        this.client = client;
        this.config = config;
        this.bucket = config.bucket();
        this.retrier = retrier;
        this.encryption = encryption;
        this.uploader = new S3Uploader(client, config, encryption, retrier);
    }

    /**
     * Creates a bucket client; {@code max_retries} of the config, when set, overrides the policy's
     * attempt count.
     *
     * @param source names the configuration in errors about it
     */
    public static S3Bucket create(S3Config config, RetryPolicy policy, String source) {
        RetryPolicy effective = config.maxRetries() > 0 ? policy.withMaxAttempts(config.maxRetries()) : policy;
        return new S3Bucket(S3ClientFactory.create(config, source), config,
                new Retrier(effective, S3Errors::isRetryable), S3Encryption.of(config.sse(), source));
    }

    /** Creates a bucket client with {@link RetryPolicy#DEFAULT}. */
    public static S3Bucket create(S3Config config, String source) {
        return create(config, RetryPolicy.DEFAULT, source);
    }

    /** The underlying SDK client, e.g. for tests that inspect multipart uploads. */
    public S3Client client() {
        return client;
    }

    @Override
    public void iter(String dir, NameVisitor visitor, IterOption... options) throws IOException {
        String prefix = ObjectNames.dirPrefix(dir);
        String delimiter = IterOption.isRecursive(options) ? null : ObjectNames.DELIMITER;
        if (config.listObjectsVersion().equals("v1")) {
            iterV1(prefix, delimiter, visitor);
        } else {
            iterV2(prefix, delimiter, visitor);
        }
    }

    private void iterV2(String prefix, String delimiter, NameVisitor visitor) throws IOException {
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = call(BucketOperation.ITER, prefix, () -> client.listObjectsV2(r -> r
                    .bucket(bucket).prefix(prefix).delimiter(delimiter).continuationToken(continuation)));
            visitPage(prefix, page.contents(), page.commonPrefixes(), visitor);
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
    }

    private void iterV1(String prefix, String delimiter, NameVisitor visitor) throws IOException {
        String marker = null;
        while (true) {
            String from = marker;
            ListObjectsResponse page = call(BucketOperation.ITER, prefix, () -> client.listObjects(r -> r
                    .bucket(bucket).prefix(prefix).delimiter(delimiter).marker(from)));
            String last = visitPage(prefix, page.contents(), page.commonPrefixes(), visitor);
            if (!Boolean.TRUE.equals(page.isTruncated()) || last == null) {
                return;
            }
            marker = page.nextMarker() != null ? page.nextMarker() : last;
        }
    }

    /** Visits one page's keys and directories in order; returns the page's last name. */
    private static String visitPage(String prefix, List<S3Object> contents, List<CommonPrefix> prefixes, NameVisitor visitor)
            throws IOException {
        List<String> names = new ArrayList<>(contents.size() + prefixes.size());
        for (S3Object o : contents) {
            names.add(o.key());
        }
        for (CommonPrefix p : prefixes) {
            names.add(p.prefix());
        }
        names.sort(ObjectNames.ORDER);
        String last = null;
        for (String name : names) {
            last = name;
            // A directory-marker object named like the listed directory is not an entry of it.
            if (!name.equals(prefix)) {
                visitor.visit(name);
            }
        }
        return last;
    }

    @Override
    public InputStream get(String key) throws IOException {
        return open(BucketOperation.GET, BucketErrors.requireName(key), 0, -1);
    }

    @Override
    public InputStream getRange(String key, long offset, long length) throws IOException {
        BucketErrors.requireName(key);
        BucketErrors.requireRange(offset, length);
        if (length == 0) {
            head(BucketOperation.GET_RANGE, key);
            return InputStream.nullInputStream();
        }
        return open(BucketOperation.GET_RANGE, key, offset, length);
    }

    private InputStream open(BucketOperation op, String key, long offset, long length) throws IOException {
        String range = offset == 0 && length == -1 ? null
                : "bytes=" + offset + "-" + (length == -1 ? "" : String.valueOf(offset + length - 1));
        ResponseInputStream<GetObjectResponse> first;
        try {
            first = retrier.call(() -> getObject(op, key, range, null));
        } catch (S3Errors.S3OperationException e) {
            if (S3Errors.isInvalidRange(e.getCause())) {
                return InputStream.nullInputStream(); // the range starts at or after the end
            }
            throw e;
        }
        String description = BucketErrors.describe(op, bucket, key);
        return new S3ObjectStream(first, offset,
                (from, end, etag) -> getObject(op, key, "bytes=" + from + "-" + (end - 1), etag),
                retrier, description);
    }

    private ResponseInputStream<GetObjectResponse> getObject(BucketOperation op, String key, String range, String ifMatch)
            throws IOException {
        GetObjectRequest.Builder b = GetObjectRequest.builder().bucket(bucket).key(key).range(range).ifMatch(ifMatch);
        encryption.apply(b);
        try {
            return client.getObject(b.build());
        } catch (SdkException e) {
            throw S3Errors.translate(op, bucket, key, e);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        try {
            head(BucketOperation.EXISTS, BucketErrors.requireName(key));
            return true;
        } catch (ObjectNotFoundException e) {
            return false;
        }
    }

    @Override
    public ObjectAttributes attributes(String key) throws IOException {
        HeadObjectResponse head = head(BucketOperation.ATTRIBUTES, BucketErrors.requireName(key));
        return new ObjectAttributes(head.contentLength(), head.lastModified());
    }

    private HeadObjectResponse head(BucketOperation op, String key) throws IOException {
        return call(op, key, () -> {
            HeadObjectRequest.Builder b = HeadObjectRequest.builder().bucket(bucket).key(key);
            encryption.apply(b);
            return client.headObject(b.build());
        });
    }

    @Override
    public void upload(String key, InputStream content, long length) throws IOException {
        uploader.upload(BucketErrors.requireName(key), content, length);
    }

    @Override
    public void delete(String key) throws IOException {
        BucketErrors.requireName(key);
        call(BucketOperation.DELETE, key, () -> client.deleteObject(r -> r.bucket(bucket).key(key)));
    }

    @Override
    public String name() {
        return bucket;
    }

    @Override
    public void close() {
        client.close();
    }

    private interface SdkCall<T> {
        T run();
    }

    private <T> T call(BucketOperation op, String key, SdkCall<T> call) throws IOException {
        return retrier.call(() -> {
            try {
                return call.run();
            } catch (SdkException e) {
                throw S3Errors.translate(op, bucket, key, e);
            }
        });
    }
}
