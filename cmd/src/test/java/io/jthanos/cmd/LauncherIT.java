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
import org.junit.jupiter.api.io.TempDir;

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

  /**
   * Launchers started together on a stale build (one per component, as a compose file or a script starts them)
   * build once: the others wait for that build instead of deleting and copying jars under it. The launcher runs
   * in a copy of {@code bin/} with a stand-in {@code mvnw} that counts its runs and copies the real distribution.
   */
  @Test
  void concurrentLaunchersOnAStaleBuildBuildOnce(@TempDir Path copy) throws Exception {
    Files.createDirectories(copy.resolve("bin"));
    for (String f : List.of("thanos", "find-java.sh")) {
      Files.copy(root.resolve("bin").resolve(f), copy.resolve("bin").resolve(f));
    }
    Path mvnw = copy.resolve("mvnw");
    Files.writeString(mvnw, """
        #!/usr/bin/env bash
        echo build >> builds.log
        sleep 2
        mkdir -p cmd/target/dist/lib
        cp %s/* cmd/target/dist/lib/
        """.formatted(root.resolve("cmd/target/dist/lib")));
    assertThat(mvnw.toFile().setExecutable(true)).isTrue();
    assertThat(copy.resolve("bin/thanos").toFile().setExecutable(true)).isTrue();
    List<Process> launchers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ProcessBuilder builder = new ProcessBuilder(copy.resolve("bin/thanos").toString(), "--version")
          .directory(copy.toFile()).redirectErrorStream(true)
          .redirectOutput(copy.resolve("launcher-" + i + ".log").toFile());
      builder.environment().put("JTHANOS_AOT", "0");
      launchers.add(builder.start());
    }
    for (int i = 0; i < launchers.size(); i++) {
      assertThat(launchers.get(i).waitFor(120, TimeUnit.SECONDS)).isTrue();
      String log = Files.readString(copy.resolve("launcher-" + i + ".log"));
      assertThat(launchers.get(i).exitValue()).as(log).isZero();
      assertThat(log).contains("thanos, version ");
    }
    assertThat(Files.readAllLines(copy.resolve("builds.log"))).containsExactly("build");
  }

  /** An operator links the launcher into the PATH; it still finds its checkout. */
  @Test
  void aSymlinkToTheLauncherRunsTheCheckout(@TempDir Path elsewhere) throws Exception {
    Path link = Files.createSymbolicLink(elsewhere.resolve("thanos"), root.resolve("bin/thanos"));
    ProcessBuilder builder = new ProcessBuilder(link.toString(), "--version").directory(elsewhere.toFile())
        .redirectErrorStream(true);
    builder.environment().put("JTHANOS_NO_REBUILD", "1");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    assertThat(out).startsWith("thanos, version 0.1.0-SNAPSHOT (jthanos, branch: ");
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
