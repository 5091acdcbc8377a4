package io.jthanos.objstore.s3;

import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.BucketErrors;
import io.jthanos.objstore.BucketOperation;
import io.jthanos.objstore.retry.Retrier;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Uploads one object: a single PUT when it fits in one part (or multipart is disabled), else a
 * multipart upload of {@code part_size} parts, one at a time. Each request is retried on its own; a
 * multipart upload that fails or is interrupted is aborted, so no partial object ever appears.
 */
final class S3Uploader {
    private static final Logger log = LoggerFactory.getLogger(S3Uploader.class);
    private static final int MAX_PARTS = 10_000;
    private static final String STORAGE_CLASS_HEADER = "x-amz-storage-class";

    private final S3Client client;
    private final String bucket;
    private final S3Config config;
    private final S3Encryption encryption;
    private final Retrier retrier;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final String storageClass;

    S3Uploader(S3Client client, S3Config config, S3Encryption encryption, Retrier retrier) {
        this.client = client;
        this.bucket = config.bucket();
        this.config = config;
        this.encryption = encryption;
        this.retrier = retrier;
        String sc = null;
        for (Map.Entry<String, String> e : config.putUserMetadata().entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals(STORAGE_CLASS_HEADER)) {
                sc = e.getValue();
            } else {
                metadata.put(e.getKey(), e.getValue());
            }
        }
        this.storageClass = sc;
    }

    void upload(String key, InputStream in, long length) throws IOException {
        if (config.disableMultipart()) {
            PartBuffer all = new PartBuffer(S3Config.MAX_PART_SIZE);
            if (length > all.capacity()) {
                throw error(key, "object of " + length + " bytes is too large for a single PUT; unset disable_multipart", null);
            }
            read(all, in, key, length == Bucket.UNKNOWN_LENGTH ? all.capacity() : length, length);
            if (length == Bucket.UNKNOWN_LENGTH && all.size() == all.capacity() && in.read() >= 0) {
                throw error(key, "object is too large for a single PUT; unset disable_multipart", null);
            }
            putObject(key, all);
            return;
        }
        long partSize = config.partSize();
        if (length != Bucket.UNKNOWN_LENGTH) {
            partSize = Math.max(partSize, (length + MAX_PARTS - 1) / MAX_PARTS);
        }
        PartBuffer buffer = new PartBuffer(partSize);
        long firstLimit = length == Bucket.UNKNOWN_LENGTH ? partSize : Math.min(length, partSize);
        int n = read(buffer, in, key, firstLimit, length);
        boolean single = length == Bucket.UNKNOWN_LENGTH ? n < partSize : length <= partSize;
        if (single) {
            putObject(key, buffer);
            return;
        }
        multipart(key, in, length, buffer);
    }

    private int read(PartBuffer buffer, InputStream in, String key, long limit, long declaredLength) throws IOException {
        int n = buffer.fill(in, limit);
        if (declaredLength != Bucket.UNKNOWN_LENGTH && n < limit) {
            throw error(key, "stream ended before the declared length of " + declaredLength + " bytes", new EOFException());
        }
        return n;
    }

    private void putObject(String key, PartBuffer part) throws IOException {
        byte[] data = part.array();
        int size = part.size();
        String md5 = config.sendContentMd5() ? S3Encryption.md5Base64(data, 0, size) : null;
        retrier.call(() -> {
            PutObjectRequest.Builder b = PutObjectRequest.builder().bucket(bucket).key(key).contentLength((long) size)
                    .contentType("application/octet-stream").metadata(metadata);
            if (md5 != null) {
                b.contentMD5(md5);
            }
            if (storageClass != null) {
                b.storageClass(storageClass);
            }
            encryption.apply(b);
            try {
                client.putObject(b.build(), body(data, size));
                return null;
            } catch (SdkException e) {
                throw S3Errors.translate(BucketOperation.UPLOAD, bucket, key, e);
            }
        });
    }

    private void multipart(String key, InputStream in, long length, PartBuffer first) throws IOException {
        String uploadId = retrier.call(() -> {
            CreateMultipartUploadRequest.Builder b = CreateMultipartUploadRequest.builder().bucket(bucket).key(key)
                    .contentType("application/octet-stream").metadata(metadata);
            if (storageClass != null) {
                b.storageClass(storageClass);
            }
            encryption.apply(b);
            try {
                return client.createMultipartUpload(b.build()).uploadId();
            } catch (SdkException e) {
                throw S3Errors.translate(BucketOperation.UPLOAD, bucket, key, e);
            }
        });
        boolean completed = false;
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long uploaded = 0;
            PartBuffer buffer = first;
            while (true) {
                int partNumber = parts.size() + 1;
                if (partNumber > MAX_PARTS) {
                    throw error(key, "more than " + MAX_PARTS + " parts; raise part_size", null);
                }
                parts.add(uploadPart(key, uploadId, partNumber, buffer));
                uploaded += buffer.size();
                long remaining = length == Bucket.UNKNOWN_LENGTH ? buffer.capacity() : length - uploaded;
                if (remaining == 0 || (length == Bucket.UNKNOWN_LENGTH && buffer.size() < buffer.capacity())) {
                    break;
                }
                int n = read(buffer, in, key, Math.min(remaining, buffer.capacity()), length);
                if (n == 0) {
                    break; // unknown length, ended exactly on a part boundary
                }
            }
            retrier.call(() -> {
                try {
                    client.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                            .multipartUpload(m -> m.parts(parts)));
                    return null;
                } catch (SdkException e) {
                    throw S3Errors.translate(BucketOperation.UPLOAD, bucket, key, e);
                }
            });
            completed = true;
        } finally {
            if (!completed) {
                abort(key, uploadId);
            }
        }
    }

    private CompletedPart uploadPart(String key, String uploadId, int partNumber, PartBuffer part) throws IOException {
        byte[] data = part.array();
        int size = part.size();
        String md5 = config.sendContentMd5() ? S3Encryption.md5Base64(data, 0, size) : null;
        String etag = retrier.call(() -> {
            UploadPartRequest.Builder b = UploadPartRequest.builder().bucket(bucket).key(key).uploadId(uploadId)
                    .partNumber(partNumber).contentLength((long) size);
            if (md5 != null) {
                b.contentMD5(md5);
            }
            encryption.apply(b);
            try {
                return client.uploadPart(b.build(), body(data, size)).eTag();
            } catch (SdkException e) {
                throw S3Errors.translate(BucketOperation.UPLOAD, bucket, key, e);
            }
        });
        return CompletedPart.builder().partNumber(partNumber).eTag(etag).build();
    }

    /** Aborts even when the thread was interrupted (the interrupt is restored afterwards). */
    private void abort(String key, String uploadId) {
        boolean interrupted = Thread.interrupted();
        try {
            retrier.call(() -> {
                try {
                    client.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
                    return null;
                } catch (SdkException e) {
                    throw S3Errors.translate(BucketOperation.UPLOAD, bucket, key, e);
                }
            });
        } catch (IOException | RuntimeException e) {
            log.warn("abort multipart upload bucket={} key={} upload_id={}: {}", bucket, key, uploadId, e.toString());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static RequestBody body(byte[] data, int size) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, 0, size), size, "application/octet-stream");
    }

    private IOException error(String key, String detail, Throwable cause) {
        return BucketErrors.error(BucketOperation.UPLOAD, bucket, key, detail, cause);
    }
}
