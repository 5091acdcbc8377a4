package io.jthanos.cmd.cli;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Parses Thanos's repeatable {@code --label=name="value"} flags into a sorted map. */
public final class ExternalLabels {

  private ExternalLabels() {}

  /**
   * @throws UserError when a flag is not {@code name="value"}, the name is invalid or repeated
   */
  public static Map<String, String> parse(List<String> flags) {
    Map<String, String> labels = new TreeMap<>();
    for (String flag : flags) {
      int eq = flag.indexOf('=');
      if (eq <= 0) {
        throw new UserError("unrecognized label \"" + flag + "\": expected name=\"value\"");
      }
      String name = flag.substring(0, eq);
      String quoted = flag.substring(eq + 1);
      if (!name.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
        throw new UserError("unsupported format for label " + flag + ": invalid label name \"" + name + "\"");
      }
      if (quoted.length() < 2 || quoted.charAt(0) != '"' || quoted.charAt(quoted.length() - 1) != '"') {
        throw new UserError("unsupported format for label " + flag + ": the value must be double-quoted, e.g. " + name + "=\"value\"");
      }
      String value = quoted.substring(1, quoted.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
      if (labels.put(name, value) != null) {
        throw new UserError("duplicate label name " + name + " in --label flags");
      }
    }
    return labels;
  }
}
