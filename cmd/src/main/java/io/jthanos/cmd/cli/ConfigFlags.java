package io.jthanos.cmd.cli;

import io.jthanos.model.relabel.RelabelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Thanos's flag pairs {@code --x.config-file} and {@code --x.config}: a YAML document from a file or inline. */
final class ConfigFlags {
  private ConfigFlags() {}

  /**
   * The file's content, the inline text, or null when neither flag is set.
   *
   * @param flag the inline flag's name without dashes ({@code query.config}); the file flag adds {@code -file}
   * @throws UserError when both are set or the file cannot be read
   */
  static String content(String flag, Path file, String inline) {
    if (file != null && inline != null) {
      throw new UserError("--" + flag + "-file and --" + flag + " are mutually exclusive");
    }
    if (file == null) {
      return inline;
    }
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UserError("read --" + flag + "-file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Where the content came from, for error messages: the file's path or the inline flag. */
  static String source(String flag, Path file) {
    return file != null ? file.toString() : "--" + flag;
  }

  /**
   * The relabel rules of such a pair ({@code --selector.relabel-config}, {@code --receive.relabel-config},
   * {@code --alert.relabel-config}); empty when neither flag is set.
   *
   * @throws UserError naming the source and the bad rule
   */
  static List<RelabelConfig> relabelConfigs(String flag, Path file, String inline) {
    String yaml = content(flag, file, inline);
    try {
      return RelabelConfig.parseList(yaml, source(flag, file));
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
  }
}
