package io.jthanos.cmd.e2e;

import io.jthanos.testing.Oracles;
import io.jthanos.tsdb.fileutil.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the e2e tests find what they run: the distribution {@code package} built (run directly with this
 * JVM's java, not through {@code bin/thanos}'s rebuild check), the s3proxy standalone jar, Prometheus 3.5.
 */
final class E2eEnv {
    static final String S3_ACCESS_KEY = "e2e-access";
    static final String S3_SECRET_KEY = "e2e-secret-key";
    static final String BUCKET = "thanos";

    final Path root;
    final Path lib;
    final Path prometheus;
    final Path s3proxyJar;

    private E2eEnv(Path root, Path lib, Path prometheus, Path s3proxyJar) {
        this.root = root;
        this.lib = lib;
        this.prometheus = prometheus;
        this.s3proxyJar = s3proxyJar;
    }

    /** The environment, or the test is skipped (failed under CI) when the distribution or Prometheus is missing. */
    static E2eEnv require() throws IOException {
        Path root = Path.of(System.getProperty("jthanos.repo.root", "..")).toAbsolutePath().normalize();
        Path lib = root.resolve("cmd/target/dist/lib");
        boolean built;
        try (Stream<Path> jars = Files.isDirectory(lib) ? Files.list(lib) : Stream.empty()) {
            built = jars.anyMatch(p -> p.getFileName().toString().startsWith("jthanos-cmd-"));
        }
        Assumptions.assumeTrue(built, "no distribution in " + lib + " (run ./mvnw -pl cmd -am package)");
        Path prometheus = Oracles.prometheus();
        Path s3proxy = Path.of(System.getProperty("jthanos.s3proxy.jar", "target/e2e/s3proxy.jar"));
        Assumptions.assumeTrue(Files.isRegularFile(s3proxy), "no s3proxy jar at " + s3proxy + " (failsafe copies it)");
        return new E2eEnv(root, lib, prometheus, s3proxy);
    }

    /** A {@code bin/thanos <args>} command line on the distribution. */
    List<String> thanos(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", lib + "/*", "io.jthanos.cmd.Main"));
        cmd.addAll(args);
        return cmd;
    }

    /** Starts s3proxy on {@code address} serving a filesystem bucket {@link #BUCKET} under {@code dir}. */
    void startS3(ProcessSet processes, String address, Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(data.resolve(BUCKET));
        Path props = dir.resolve("s3proxy.properties");
        Files.writeString(props, String.join("\n",
                "s3proxy.endpoint=http://" + address,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + S3_ACCESS_KEY,
                "s3proxy.credential=" + S3_SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + data,
                ""), StandardCharsets.UTF_8);
        processes.start("s3proxy", List.of(java(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-DLOG_LEVEL=warn", "-jar", s3proxyJar.toString(), "--properties", props.toString()));
        // An unauthenticated GET / answers 403 once the server listens.
        await(Duration.ofSeconds(60), "s3proxy listening on " + address,
                () -> PromApi.get("http://" + address + "/").status() == 403);
    }

    /** An objstore.yml for the s3proxy bucket at {@code address}. */
    static String s3Yaml(String address) {
        return "type: S3\nconfig:\n  bucket: " + BUCKET + "\n  endpoint: " + address + "\n  region: us-east-1\n"
                + "  access_key: " + S3_ACCESS_KEY + "\n  secret_key: " + S3_SECRET_KEY + "\n  insecure: true\n"
                + "  bucket_lookup_type: path\n";
    }

    /** Starts Prometheus 3.5 with {@code config} on {@code address}, storing under {@code dir}. */
    void startPrometheus(ProcessSet processes, String address, Path dir, String config) throws Exception {
        Path file = dir.resolve("prometheus.yml");
        Files.createDirectories(dir);
        Files.writeString(file, config, StandardCharsets.UTF_8);
        processes.start("prometheus", List.of(prometheus.toString(), "--config.file=" + file,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=" + address,
                "--storage.remote.flush-deadline=5s", "--log.level=warn"));
        awaitReady("http://" + address);
    }

    static void awaitReady(String base) throws Exception {
        await(Duration.ofSeconds(90), base + "/-/ready", () -> PromApi.get(base + "/-/ready").status() == 200);
    }

    /** Waits until the store gateway serving metrics on {@code http} has loaded at least {@code blocks} blocks. */
    static void awaitBlocksLoaded(String http, int blocks) throws Exception {
        await(Duration.ofSeconds(60), blocks + " blocks loaded by the store gateway",
                () -> BucketBlocks.metric(PromApi.get("http://" + http + "/metrics").body(),
                        "thanos_bucket_store_blocks_loaded") >= blocks);
    }

    /** Polls {@code condition} every 500 ms until it holds; fails naming {@code what} after {@code timeout}. */
    static void await(Duration timeout, String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.call()) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                last = e;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what, last);
    }

    String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Copies a bucket kept as a directory next to the logs of a failed run, for a post-mortem. */
    static void keepBucket(Path bucketDir, Path logs) {
        Path target = logs.resolve("bucket");
        try (Stream<Path> walk = Files.walk(bucketDir)) {
            for (Path p : walk.toList()) {
                Path to = target.resolve(bucketDir.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
            System.err.println("the bucket of the failed run is kept in " + target);
        } catch (IOException | RuntimeException e) {
            System.err.println("could not keep the bucket " + bucketDir + ": " + e);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        FileTrees.removeAll(dir);
    }
}
