package io.jthanos.objstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.objstore.config.EnvExpander;
import io.jthanos.objstore.config.ObjstoreConfigException;
import io.jthanos.objstore.filesystem.FilesystemBucket;
import io.jthanos.objstore.retry.RetryPolicy;
import io.jthanos.objstore.s3.S3Bucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BucketFactoryTest {
    @TempDir
    Path dir;

    /** The S3 section of Thanos's storage docs (cfggen output), which must load unchanged. */
    private static final String THANOS_S3_DEFAULTS = """
            type: S3
            config:
              bucket: "thanos"
              endpoint: "s3.example.com:9000"
              region: ""
              disable_dualstack: false
              aws_sdk_auth: false
              access_key: "a"
              insecure: false
              signature_version2: false
              secret_key: "b"
              session_token: ""
              put_user_metadata: {}
              http_config:
                idle_conn_timeout: 1m30s
                response_header_timeout: 2m
                insecure_skip_verify: false
                tls_handshake_timeout: 10s
                expect_continue_timeout: 1s
                max_idle_conns: 100
                max_idle_conns_per_host: 100
                max_conns_per_host: 0
                tls_config:
                  ca_file: ""
                  cert_file: ""
                  key_file: ""
                  server_name: ""
                  insecure_skip_verify: false
                disable_compression: false
              trace:
                enable: false
              list_objects_version: ""
              bucket_lookup_type: auto
              send_content_md5: true
              disable_multipart: false
              part_size: 67108864
              sse_config:
                type: ""
                kms_key_id: ""
                kms_encryption_context: {}
                encryption_key: ""
              sts_endpoint: ""
              max_retries: 0
            prefix: ""
            """;

    private Bucket parse(String yaml) throws IOException {
        return BucketFactory.newBucket(yaml, "objstore.yml", EnvExpander.of(Map.of("DIR", dir.toString(), "KEY", "k")), RetryPolicy.NONE);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertConfigError(String yaml) {
        return assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(ObjstoreConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith("objstore.yml: ").doesNotContain("\n"));
    }

    private static String s3(String extra) {
        return "type: S3\nconfig:\n  bucket: b\n  endpoint: localhost:9000\n  access_key: a\n  secret_key: s\n" + extra;
    }

    @Test
    void filesystemFromYamlIsInstrumentedAndPrefixed() throws IOException {
        String yaml = "type: filesystem\nconfig:\n  directory: " + dir + "\nprefix: /tenant/\n";
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (InstrumentedBucket bucket = BucketFactory.fromConfig(yaml, "objstore.yml", registry)) {
            bucket.upload("x", new byte[] {1, 2});
            assertThat(bucket.get("x").readAllBytes()).containsExactly(1, 2);
            assertThat(Files.exists(dir.resolve("tenant/x"))).isTrue();
            assertThat(bucket.name()).isEqualTo("fs: " + dir);
            assertThat(registry.get("thanos_objstore_bucket_operations").tag("operation", "upload").counter().count()).isEqualTo(1);
        }
    }

    @Test
    void fromFileNamesTheFileInErrors() throws IOException {
        Path file = dir.resolve("objstore.yml");
        Files.writeString(file, "type: FILESYSTEM\nconfig:\n  directory: /tmp/x\n  dir: typo\n");
        assertThatThrownBy(() -> BucketFactory.fromFile(file, new SimpleMeterRegistry()))
                .isInstanceOf(ObjstoreConfigException.class)
                .hasMessage(file + ": unknown key config.dir (valid keys in config: directory)");
        assertThatThrownBy(() -> BucketFactory.fromFile(dir.resolve("missing.yml"), new SimpleMeterRegistry()))
                .isInstanceOf(ObjstoreConfigException.class)
                .hasMessageContaining("missing.yml: cannot read objstore config");
    }

    @Test
    void environmentVariablesAreExpanded() throws IOException {
        try (Bucket bucket = parse("type: FILESYSTEM\nconfig:\n  directory: ${DIR}/$(KEY)\n")) {
            assertThat(((FilesystemBucket) bucket).root()).isEqualTo(dir.resolve("k"));
        }
        assertConfigError("type: FILESYSTEM\nconfig:\n  directory: ${NOPE}\n").hasMessageContaining("environment variable NOPE is not set");
    }

    @Test
    void thanosDocumentedS3ConfigLoads() throws IOException {
        try (Bucket bucket = parse(THANOS_S3_DEFAULTS)) {
            assertThat(bucket).isInstanceOf(S3Bucket.class);
            assertThat(bucket.name()).isEqualTo("thanos");
        }
    }

    @Test
    void typeErrorsListTheValidTypes() {
        assertConfigError("type: FOO\nconfig: {}\n").hasMessage("objstore.yml: unknown type \"FOO\" (valid types: FILESYSTEM, S3)");
        assertConfigError("type: GCS\nconfig:\n  bucket: b\n").hasMessage("objstore.yml: type GCS is not supported yet by jthanos (supported: FILESYSTEM, S3)");
        assertConfigError("config: {}\n").hasMessageContaining("missing type");
        assertConfigError("").hasMessageContaining("empty bucket configuration");
    }

    @Test
    void unknownKeysAreNamedWithTheirPath() {
        assertConfigError("type: S3\nconfig: {}\nextra: 1\n").hasMessage("objstore.yml: unknown key extra (valid keys: type, config, prefix)");
        assertConfigError(s3("  storage_class: GLACIER\n")).hasMessageStartingWith("objstore.yml: unknown key config.storage_class (valid keys in config: bucket, endpoint,");
        assertConfigError(s3("  http_config:\n    idle_timeout: 1s\n")).hasMessageStartingWith("objstore.yml: unknown key config.http_config.idle_timeout");
        assertConfigError(s3("  sse_config:\n    kms_key: x\n")).hasMessageStartingWith("objstore.yml: unknown key config.sse_config.kms_key");
    }

    @Test
    void invalidValuesAreNamed() {
        assertConfigError("type: [S3\n").hasMessageStartingWith("objstore.yml: invalid YAML");
        assertConfigError("type: FILESYSTEM\nconfig:\n  directory: [\n").hasMessage("objstore.yml: invalid YAML:"
                + " while parsing a flow node: expected the node content, but found '<stream end>' at line 4, column 1");
        assertConfigError("type: S3\nconfig:\n  bucket: a\n  bucket: b\n").hasMessageStartingWith("objstore.yml: invalid YAML: Duplicate field 'bucket'");
        assertConfigError("type: S3\nconfig: 5\n").hasMessage("objstore.yml: config must be a mapping, got 5");
        assertConfigError(s3("  insecure: maybe\n")).hasMessage("objstore.yml: config.insecure: must be true or false, got \"maybe\"");
        assertConfigError(s3("  part_size: big\n")).hasMessage("objstore.yml: config.part_size: must be an integer, got \"big\"");
        assertConfigError(s3("  part_size: 1024\n")).hasMessageContaining("config.part_size: must be between 5242880 (5 MiB)");
        assertConfigError(s3("  http_config:\n    idle_conn_timeout: 90\n")).hasMessageContaining("config.http_config.idle_conn_timeout: must be a duration");
        assertConfigError(s3("  http_config:\n    response_header_timeout: soon\n")).hasMessageContaining("not a duration: \"soon\"");
        assertConfigError(s3("  list_objects_version: v3\n")).hasMessage("objstore.yml: config.list_objects_version: unsupported version \"v3\" (supported: v1, v2)");
        assertConfigError(s3("  bucket_lookup_type: dns\n")).hasMessageContaining("unsupported bucket lookup type \"dns\" (valid: auto, virtual-hosted, path)");
        assertConfigError(s3("  sse_config:\n    type: SSE-X\n")).hasMessageContaining("config.sse_config.type: unsupported type \"SSE-X\" (supported: SSE-S3, SSE-KMS, SSE-C)");
        assertConfigError(s3("  sse_config:\n    type: SSE-KMS\n")).hasMessageContaining("config.sse_config.kms_key_id: must be set");
        assertConfigError(s3("  sse_config:\n    type: SSE-C\n")).hasMessageContaining("config.sse_config.encryption_key: must be set");
    }

    @Test
    void missingOrInconsistentS3SettingsAreExplained() {
        assertConfigError("type: S3\nconfig:\n  bucket: b\n").hasMessage("objstore.yml: config.endpoint: no s3 endpoint in config");
        assertConfigError("type: S3\nconfig:\n  endpoint: h:1\n").hasMessage("objstore.yml: config.bucket: no s3 bucket in config");
        assertConfigError("type: S3\nconfig:\n  bucket: b\n  endpoint: https://h:1\n").hasMessageContaining("must be host[:port] without scheme");
        assertConfigError("type: S3\nconfig:\n  bucket: b\n  endpoint: h\n  access_key: a\n").hasMessageContaining("config.secret_key: access_key and secret_key must be set together");
        assertConfigError(s3("  aws_sdk_auth: true\n")).hasMessageContaining("aws_sdk_auth and access_key are mutually exclusive");
        assertConfigError("type: FILESYSTEM\nconfig: {}\n").hasMessage("objstore.yml: missing directory for filesystem bucket (config.directory)");
    }

    @Test
    void acceptedButUnimplementedKeysSayNotSupported() {
        assertConfigError(s3("  signature_version2: true\n")).hasMessageContaining("config.signature_version2: signature version 2 is not supported");
        assertConfigError(s3("  trace:\n    enable: true\n")).hasMessageContaining("config.trace.enable: request tracing is not supported yet");
        assertConfigError(s3("  sts_endpoint: https://sts\n")).hasMessageContaining("config.sts_endpoint: not supported yet");
        assertConfigError(s3("  http_config:\n    tls_config:\n      cert_file: /c.pem\n")).hasMessageContaining("config.http_config.tls_config.cert_file: not supported yet");
        assertConfigError(s3("  http_config:\n    max_hedged_requests: 3\n")).hasMessageContaining("hedged requests are not supported yet");
    }

    @Test
    void s3OptionsThatWorkAreAccepted() throws IOException {
        Path key = dir.resolve("sse.key");
        Files.write(key, new byte[32]);
        String yaml = s3("""
                  aws_sdk_auth: false
                  session_token: t
                  put_user_metadata:
                    X-Amz-Storage-Class: STANDARD_IA
                    team: obs
                  list_objects_version: v1
                  bucket_lookup_type: path
                  send_content_md5: false
                  disable_multipart: true
                  max_retries: 3
                  http_config:
                    insecure_skip_verify: true
                    force_attempt_http2: true
                  sse_config:
                    type: SSE-C
                    encryption_key: %s
                """.formatted(key));
        try (Bucket bucket = parse(yaml)) {
            assertThat(bucket).isInstanceOf(S3Bucket.class);
        }
        Files.write(key, new byte[16]);
        assertConfigError(yaml).hasMessageContaining("must hold a 32-byte key, has 16 bytes");
    }
}
