package io.jthanos.cmd;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What this binary is: the project version (filtered into {@code build.properties} at build
 * time) and the git branch and revision, which {@code bin/thanos} passes as the system
 * properties {@code jthanos.branch} and {@code jthanos.revision} ("unknown" otherwise).
 *
 * @param version project version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param branch git branch
 * @param revision git revision
 * @param javaVersion the running JVM's version
 */
public record BuildInfo(String version, String branch, String revision, String javaVersion) {

  /** Reads the build information of the running binary. */
  public static BuildInfo current() {
    Properties props = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
      if (in != null) {
        props.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new BuildInfo(
        props.getProperty("version", "unknown"),
        System.getProperty("jthanos.branch", "unknown"),
        System.getProperty("jthanos.revision", "unknown"),
        Runtime.version().toString());
  }

  /** The {@code --version} text, shaped like Thanos's. */
  public String versionText() {
    return "thanos, version " + version + " (jthanos, branch: " + branch + ", revision: " + revision + ")\n"
        + "  java version:     " + javaVersion + "\n"
        + "  platform:         " + System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT) + "/"
        + System.getProperty("os.arch");
  }
}
