package io.jthanos.cmd.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --objstore.config[-file]}: the bucket configuration (Thanos objstore YAML). */
public final class ObjstoreOptions {

  @Option(names = "--objstore.config-file", paramLabel = "<file-path>",
      description = "Path to YAML file that contains object store configuration.")
  public Path configFile;

  @Option(names = "--objstore.config", paramLabel = "<content>",
      description = "Alternative to 'objstore.config-file' flag (mutually exclusive). Content of YAML file that contains object store configuration.")
  public String config;

  /**
   * The bucket configuration YAML, or {@code null} when neither flag is set.
   *
   * @throws UserError when both flags are set or the file cannot be read
   */
  public String configYaml() {
    if (configFile != null && config != null) {
      throw new UserError("--objstore.config-file and --objstore.config are mutually exclusive");
    }
    if (configFile == null) {
      return config;
    }
    try {
      return Files.readString(configFile);
    } catch (IOException e) {
      throw new UserError("read --objstore.config-file " + configFile + ": " + describe(e));
    }
  }

  /** Where the configuration came from, for error messages: the file path or the flag name. */
  public String source() {
    return configFile != null ? configFile.toString() : "--objstore.config";
  }

  private static String describe(IOException e) {
    return e instanceof java.nio.file.NoSuchFileException ? "no such file" : String.valueOf(e.getMessage());
  }
}
