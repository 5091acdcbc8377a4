package io.jthanos.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code bin/thanos} as a process against the distribution {@code package} built (failsafe
 * runs this after {@code package}). Rebuilding is disabled so the test never starts Maven.
 */
class LauncherIT {

  private static Path root;

  private record Result(int exitCode, String out, String err) {}

  @BeforeAll
  static void findDistribution() throws IOException {
    root = Path.of(System.getProperty("jthanos.repo.root", "..")).toAbsolutePath().normalize();
    Path lib = root.resolve("cmd/target/dist/lib");
    boolean built;
    try (Stream<Path> jars = Files.isDirectory(lib) ? Files.list(lib) : Stream.empty()) {
      built = jars.anyMatch(p -> p.getFileName().toString().startsWith("jthanos-cmd-"));
    }
    if (!built) {
      System.out.println("LauncherIT skipped: no distribution in " + lib + " (run ./mvnw -pl cmd -am package)");
    }
    Assumptions.assumeTrue(built, "distribution not built");
  }

  private static Result thanos(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(root.resolve("bin/thanos").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
    builder.environment().put("JTHANOS_NO_REBUILD", "1");
    Process process = builder.start();
    process.getOutputStream().close();
    var out = process.getInputStream().readAllBytes();
    var err = process.getErrorStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }

  @Test
  void versionPrintsBuildInfoAndExitsZero() throws Exception {
    Result result = thanos("--version");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("thanos, version 0.1.0-SNAPSHOT (jthanos, branch: ").contains("revision: ");
    assertThat(result.out()).doesNotContain("revision: unknown");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void unknownFlagExitsTwoWithOneLine() throws Exception {
    Result result = thanos("receive", "--unknown-flag");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).isEqualTo("thanos: error: Unknown option: '--unknown-flag'\n");
  }

  @Test
  void unsupportedThanosFlagExitsTwoWithOneLine() throws Exception {
    Result result = thanos("receive", "--tsdb.no-lockfile");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).isEqualTo("thanos: error: flag --tsdb.no-lockfile is not supported yet by jthanos receive\n");
  }

  @Test
  void unimplementedComponentExitsNonZero() throws Exception {
    Result result = thanos("query-frontend");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("jthanos query-frontend: component not implemented yet\n");
  }

  @Test
  void componentMissingItsBucketExitsOneWithOneLine() throws Exception {
    Result result = thanos("store", "--http-address=127.0.0.1:0", "--grpc-address=127.0.0.1:0");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("jthanos store: no bucket configured: set --objstore.config-file or --objstore.config\n");
  }
}
