package io.jthanos.cmd.cli;

import io.jthanos.ruler.rulefmt.RuleFile;
import io.jthanos.ruler.rulefmt.RuleFileException;
import io.jthanos.ruler.rulefmt.RuleFileParser;
import io.jthanos.ruler.rulefmt.RuleFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code thanos tools rules-check --rules=GLOB...}: validates rule files as the ruler loads them (Thanos's rule
 * format: Prometheus's plus a group's {@code partial_response_strategy}) and logs, per file, SUCCESS with the
 * number of rules or FAILED with each problem. Exits 1 when a pattern matches no file or a file is invalid.
 */
@Command(name = "rules-check", description = "Check if the rule files are valid or not.")
final class RulesCheckCommand extends LocalToolCommand {
  private static final Logger LOG = LoggerFactory.getLogger(RulesCheckCommand.class);

  @Option(names = "--rules", required = true, paramLabel = "<rules>",
      description = "The rule files glob to check (repeated).")
  List<String> patterns;

  @Override
  protected int run() throws IOException {
    int failed = 0;
    for (String pattern : patterns) {
      LOG.atInfo().addKeyValue("pattern", pattern).log("checking");
      List<Path> files = RuleFiles.expand(List.of(pattern));
      if (files.isEmpty()) {
        LOG.atError().addKeyValue("result", "FAILED").addKeyValue("error", "matching file not found").log("");
        failed++;
        continue;
      }
      for (Path file : files) {
        LOG.atInfo().addKeyValue("filename", file.normalize()).log("checking");
        try {
          RuleFile rules = RuleFileParser.parseFile(file);
          int n = rules.groups().stream().mapToInt(g -> g.rules().size()).sum();
          LOG.atInfo().addKeyValue("result", "SUCCESS").addKeyValue("rules_found", n).log("");
        } catch (RuleFileException e) {
          LOG.atError().addKeyValue("result", "FAILED").log("");
          for (String error : e.errors()) {
            LOG.atError().addKeyValue("error", error).log("");
          }
          failed++;
        }
      }
    }
    if (failed > 0) {
      throw new UserError(failed + (failed == 1 ? " rule file pattern or file" : " rule file patterns or files")
          + " failed the check");
    }
    return 0;
  }
}
