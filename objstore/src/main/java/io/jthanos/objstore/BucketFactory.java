package io.jthanos.objstore;

import io.jthanos.objstore.config.BucketConfig;
import io.jthanos.objstore.config.EnvExpander;
import io.jthanos.objstore.config.ObjstoreConfigException;
import io.jthanos.objstore.filesystem.FilesystemBucket;
import io.jthanos.objstore.filesystem.FilesystemConfig;
import io.jthanos.objstore.retry.RetryPolicy;
import io.jthanos.objstore.s3.S3Bucket;
import io.jthanos.objstore.s3.S3Config;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds buckets from Thanos's {@code objstore.yml} ({@code --objstore.config} or
 * {@code --objstore.config-file}):
 *
 * <pre>{@code
 * type: S3            # or FILESYSTEM
 * config:
 *   bucket: thanos
 *   endpoint: minio:9000
 *   access_key: ${S3_ACCESS_KEY}
 *   secret_key: $(S3_SECRET_KEY)
 *   insecure: true
 * prefix: tenant-a    # optional
 * }</pre>
 *
 * Environment variables ({@code ${VAR}}, {@code $(VAR)}) are expanded first. Every configuration error
 * is an {@link ObjstoreConfigException} with a one-line message naming the source and key.
 */
public final class BucketFactory {
    private BucketFactory() {}

    /**
     * Parses {@code yaml} and returns the instrumented bucket (metrics labelled with the bucket name).
     *
     * @param source names the configuration in error messages, e.g. the file path or
     *     {@code --objstore.config}
     */
    public static InstrumentedBucket fromConfig(String yaml, String source, MeterRegistry registry) throws IOException {
        return new InstrumentedBucket(newBucket(yaml, source, new EnvExpander(), RetryPolicy.DEFAULT), registry);
    }

    /** Reads {@code file} and returns the instrumented bucket it describes. */
    public static InstrumentedBucket fromFile(Path file, MeterRegistry registry) throws IOException {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ObjstoreConfigException(file + ": cannot read objstore config: " + e.getMessage(), e);
        }
        return fromConfig(yaml, file.toString(), registry);
    }

    /**
     * Parses {@code yaml} and returns the bucket without metrics (prefixed if configured).
     *
     * @param retryPolicy the retry budget of remote providers
     */
    public static Bucket newBucket(String yaml, String source, EnvExpander env, RetryPolicy retryPolicy) throws IOException {
        BucketConfig config = BucketConfig.parse(yaml, source, env);
        Bucket bucket = switch (config.type()) {
            case FILESYSTEM -> new FilesystemBucket(Path.of(FilesystemConfig.parse(config.config()).directory()));
            case S3 -> S3Bucket.create(S3Config.parse(config.config()), retryPolicy, source);
            default -> throw new ObjstoreConfigException(source + ": type " + config.type() + " is not supported yet");
        };
        return PrefixedBucket.wrap(bucket, config.prefix());
    }
}
