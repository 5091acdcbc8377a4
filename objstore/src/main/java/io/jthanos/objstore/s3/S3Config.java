package io.jthanos.objstore.s3;

import io.jthanos.objstore.config.ConfigNode;
import io.jthanos.objstore.config.ObjstoreConfigException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Settings of the {@code S3} provider, with Thanos's keys and defaults (thanos-io/objstore
 * {@code providers/s3}). Keys Thanos accepts but jthanos does not implement are accepted at their
 * default value and rejected with "not supported yet" otherwise.
 *
 * @param endpoint {@code host[:port]}, without scheme ({@code insecure} selects http)
 * @param region empty lets the client find the bucket's region
 * @param awsSdkAuth use the AWS SDK's default credential chain (also used when no access key is set)
 * @param putUserMetadata user metadata for every upload; an {@code X-Amz-Storage-Class} entry sets the
 *     storage class instead
 * @param listObjectsVersion {@code "v1"} or {@code "v2"} ({@code ""} means v2)
 * @param partSize the multipart part size, and the size above which uploads use multipart
 * @param maxRetries total attempts per request; 0 means the default
 */
public record S3Config(
        String bucket,
        String endpoint,
        String region,
        boolean awsSdkAuth,
        String accessKey,
        String secretKey,
        String sessionToken,
        boolean insecure,
        Map<String, String> putUserMetadata,
        Http http,
        String listObjectsVersion,
        BucketLookup bucketLookup,
        boolean sendContentMd5,
        boolean disableMultipart,
        long partSize,
        Sse sse,
        int maxRetries) {

    /** Thanos's default part size, 64 MiB. */
    public static final long DEFAULT_PART_SIZE = 64L << 20;
    /** S3's smallest part size (all but the last part), 5 MiB. */
    public static final long MIN_PART_SIZE = 5L << 20;
    /** S3's largest part size, 5 GiB. */
    public static final long MAX_PART_SIZE = 5L << 30;

    /** {@code bucket_lookup_type}: how the bucket is addressed. */
    public enum BucketLookup {
        /** Virtual-hosted for AWS endpoints, path style elsewhere (as minio-go). */
        AUTO("auto"),
        VIRTUAL_HOSTED("virtual-hosted"),
        PATH("path");

        private final String text;

        BucketLookup(String text) {
            this.text = text;
        }

        static BucketLookup parse(ConfigNode node, String key) {
            String value = node.string(key, "auto");
            for (BucketLookup b : values()) {
                if (b.text.equals(value)) {
                    return b;
                }
            }
            throw node.error(key, "unsupported bucket lookup type \"" + value + "\" (valid: auto, virtual-hosted, path)");
        }
    }

    /**
     * {@code http_config}.
     *
     * @param responseHeaderTimeout how long to wait for the server to answer (and, here, for any read)
     * @param maxConnsPerHost 0 means unbounded in Thanos; here it means the client default of 100
     */
    public record Http(
            Duration idleConnTimeout,
            Duration responseHeaderTimeout,
            boolean insecureSkipVerify,
            Duration tlsHandshakeTimeout,
            int maxConnsPerHost,
            Tls tls) {
        /** Thanos's defaults. */
        public static final Http DEFAULT = new Http(Duration.ofSeconds(90), Duration.ofMinutes(2), false, Duration.ofSeconds(10), 0, Tls.NONE);

        static Http parse(ConfigNode node) {
            Duration idle = node.duration("idle_conn_timeout", DEFAULT.idleConnTimeout);
            Duration header = node.duration("response_header_timeout", DEFAULT.responseHeaderTimeout);
            boolean skipVerify = node.bool("insecure_skip_verify", false);
            Duration handshake = node.duration("tls_handshake_timeout", DEFAULT.tlsHandshakeTimeout);
            node.duration("expect_continue_timeout", Duration.ofSeconds(1)); // the SDK manages 100-continue itself
            node.longValue("max_idle_conns", 100); // pool sizing: the client keeps idle connections within max_conns
            node.longValue("max_idle_conns_per_host", 100);
            int maxConns = (int) node.longValue("max_conns_per_host", 0);
            node.bool("force_attempt_http2", false); // HTTP/1.1 only; accepted for compatibility
            node.bool("disable_compression", false); // the client never asks for compressed responses
            if (node.longValue("max_hedged_requests", 0) > 0) {
                throw node.error("max_hedged_requests", "hedged requests are not supported yet");
            }
            ConfigNode tlsNode = node.child("tls_config");
            Tls tls = Tls.parse(tlsNode);
            tlsNode.finish();
            node.finish();
            if (maxConns < 0) {
                throw node.error("max_conns_per_host", "must not be negative");
            }
            return new Http(idle, header, skipVerify || tls.insecureSkipVerify(), handshake, maxConns, tls);
        }
    }

    /** {@code http_config.tls_config}. */
    public record Tls(String caFile, boolean trustRootCa, boolean insecureSkipVerify) {
        static final Tls NONE = new Tls("", false, false);

        static Tls parse(ConfigNode node) {
            String ca = node.string("ca_file", "");
            boolean trustRoot = node.bool("trust_root_ca", false);
            for (String key : new String[] {"cert_file", "key_file", "server_name"}) {
                if (!node.string(key, "").isEmpty()) {
                    throw node.error(key, "not supported yet");
                }
            }
            return new Tls(ca, trustRoot, node.bool("insecure_skip_verify", false));
        }
    }

    /** {@code sse_config}: server-side encryption. */
    public record Sse(Type type, String kmsKeyId, Map<String, String> kmsEncryptionContext, String encryptionKeyFile) {
        /** The encryption methods, named as in Thanos. */
        public enum Type { NONE, SSE_S3, SSE_KMS, SSE_C }

        static final Sse NONE = new Sse(Type.NONE, "", Map.of(), "");

        static Sse parse(ConfigNode node) {
            String typeText = node.string("type", "");
            String kmsKeyId = node.string("kms_key_id", "");
            Map<String, String> context = node.stringMap("kms_encryption_context");
            String keyFile = node.string("encryption_key", "");
            node.finish();
            Type type = switch (typeText) {
                case "" -> Type.NONE;
                case "SSE-S3" -> Type.SSE_S3;
                case "SSE-KMS" -> Type.SSE_KMS;
                case "SSE-C" -> Type.SSE_C;
                default -> throw node.error("type", "unsupported type \"" + typeText + "\" (supported: SSE-S3, SSE-KMS, SSE-C)");
            };
            if (type == Type.SSE_C && keyFile.isEmpty()) {
                throw node.error("encryption_key", "must be set if sse_config.type is SSE-C");
            }
            if (type == Type.SSE_KMS && kmsKeyId.isEmpty()) {
                throw node.error("kms_key_id", "must be set if sse_config.type is SSE-KMS");
            }
            return new Sse(type, kmsKeyId, Map.copyOf(context), keyFile);
        }
    }

    /**
     * Reads the {@code config:} mapping strictly and validates it as Thanos does.
     *
     * @throws ObjstoreConfigException naming the source and key at fault
     */
    public static S3Config parse(ConfigNode c) {
        String bucket = c.string("bucket", "");
        String endpoint = c.string("endpoint", "");
        String region = c.string("region", "");
        c.bool("disable_dualstack", false); // dual-stack endpoints are never enabled here
        boolean awsSdkAuth = c.bool("aws_sdk_auth", false);
        String accessKey = c.string("access_key", "");
        boolean insecure = c.bool("insecure", false);
        if (c.bool("signature_version2", false)) {
            throw c.error("signature_version2", "signature version 2 is not supported (jthanos signs with version 4)");
        }
        String secretKey = c.string("secret_key", "");
        String sessionToken = c.string("session_token", "");
        Map<String, String> userMetadata = c.stringMap("put_user_metadata");
        ConfigNode httpNode = c.child("http_config");
        Http http = Http.parse(httpNode);
        ConfigNode trace = c.child("trace");
        if (trace.bool("enable", false)) {
            throw trace.error("enable", "request tracing is not supported yet");
        }
        trace.finish();
        String listVersion = c.string("list_objects_version", "");
        BucketLookup lookup = BucketLookup.parse(c, "bucket_lookup_type");
        boolean md5 = c.bool("send_content_md5", true);
        boolean disableMultipart = c.bool("disable_multipart", false);
        long partSize = c.longValue("part_size", DEFAULT_PART_SIZE);
        Sse sse = Sse.parse(c.child("sse_config"));
        if (!c.string("sts_endpoint", "").isEmpty()) {
            throw c.error("sts_endpoint", "not supported yet");
        }
        long maxRetries = c.longValue("max_retries", 0);
        c.finish();

        if (endpoint.isEmpty()) {
            throw c.error("endpoint", "no s3 endpoint in config");
        }
        if (endpoint.contains("://") || endpoint.contains("/")) {
            throw c.error("endpoint", "must be host[:port] without scheme or path, got \"" + endpoint + "\" (use insecure: true for http)");
        }
        if (bucket.isEmpty()) {
            throw c.error("bucket", "no s3 bucket in config");
        }
        if (awsSdkAuth && !accessKey.isEmpty()) {
            throw c.error("aws_sdk_auth", "aws_sdk_auth and access_key are mutually exclusive");
        }
        if (accessKey.isEmpty() != secretKey.isEmpty()) {
            throw c.error(accessKey.isEmpty() ? "access_key" : "secret_key",
                    "access_key and secret_key must be set together; leave both empty to use environment variables or IAM");
        }
        if (!listVersion.isEmpty() && !listVersion.equals("v1") && !listVersion.equals("v2")) {
            throw c.error("list_objects_version", "unsupported version \"" + listVersion + "\" (supported: v1, v2)");
        }
        if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
            throw c.error("part_size", "must be between " + MIN_PART_SIZE + " (5 MiB) and " + MAX_PART_SIZE + " (5 GiB), got " + partSize);
        }
        if (maxRetries < 0 || maxRetries > 1000) {
            throw c.error("max_retries", "must be between 0 and 1000, got " + maxRetries);
        }
        return new S3Config(bucket, endpoint, region, awsSdkAuth, accessKey, secretKey, sessionToken, insecure,
                Map.copyOf(userMetadata), http, listVersion, lookup, md5, disableMultipart, partSize, sse, (int) maxRetries);
    }

    /** Whether the endpoint is Amazon's own (which decides {@link BucketLookup#AUTO}). */
    boolean isAwsEndpoint() {
        String host = endpoint.toLowerCase(Locale.ROOT);
        return host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn") || host.contains(".amazonaws.com:");
    }

    @Override
    public String toString() {
        // Never print secrets.
        return "S3Config[bucket=" + bucket + ", endpoint=" + endpoint + ", region=" + region + ", insecure=" + insecure
                + ", partSize=" + partSize + ", sse=" + sse.type() + "]";
    }
}
