package io.jthanos.cmd.cli;

import io.jthanos.cmd.store.BucketMetas;
import io.jthanos.cmd.store.BucketVerifier;
import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.BucketFactory;
import io.jthanos.tsdb.block.BlockMeta;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code thanos tools bucket verify}: reports overlapping blocks and index issues (no repair yet). */
@Command(name = "verify", description = "Verify all blocks in the bucket against specified issues.")
final class BucketVerifyCommand extends BucketToolCommand {
  private static final Set<String> KNOWN = Set.of("index_known_issues", "overlapped_blocks", "duplicated_compaction");

  @Option(names = {"-r", "--repair"}, negatable = true, defaultValue = "false", description = "Attempt to repair blocks for which issues were detected.")
  boolean repair;

  @Option(names = {"-i", "--issues"}, description = "Issues to verify (and optionally repair) (repeatable).")
  List<String> issues = new ArrayList<>(List.of("index_known_issues", "overlapped_blocks"));

  @Option(names = "--id", description = "Block IDs to verify (and optionally repair) only (repeatable).")
  List<String> ids = new ArrayList<>();

  @Option(names = "--delete-delay", defaultValue = "0s", converter = Converters.DurationConverter.class, description = "Duration after which blocks marked for deletion would be deleted permanently from source bucket by compactor component.")
  Duration deleteDelay;

  @Override
  public java.util.List<java.util.List<String>> unsupportedFlagGroups() {
    return List.of(List.of("--objstore-backup.config-file", "--objstore-backup.config"));
  }

  @Override
  protected void validate() {
    super.validate();
    if (repair) {
      throw new UserError("--repair is not supported yet");
    }
    for (String i : issues) {
      if (!KNOWN.contains(i)) {
        throw new UserError("-i/--issues: unknown issue " + i + "; known: index_known_issues, overlapped_blocks, duplicated_compaction");
      }
      if (i.equals("duplicated_compaction")) {
        throw new UserError("-i/--issues: duplicated_compaction is not supported yet");
      }
    }
  }

  @Override
  protected int run() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (Bucket bucket = BucketFactory.fromConfig(objstore.configYaml(), "--objstore.config", new SimpleMeterRegistry())) {
      List<BlockMeta> metas = BucketMetas.all(bucket);
      if (!ids.isEmpty()) {
        metas.removeIf(m -> !ids.contains(m.ulid()));
      }
      int found = 0;
      if (issues.contains("overlapped_blocks")) {
        List<String> o = BucketVerifier.overlaps(metas);
        o.forEach(l -> out.println("overlapped_blocks: " + l));
        found += o.size();
      }
      if (issues.contains("index_known_issues")) {
        Path tmp = Files.createTempDirectory("jthanos-verify");
        try {
          for (BlockMeta m : metas) {
            List<String> is = BucketVerifier.indexIssues(bucket, m, tmp);
            is.forEach(l -> out.println("index_known_issues: " + l));
            found += is.size();
          }
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
      out.println("verified " + metas.size() + " blocks: " + found + " issues found");
      out.flush();
      return 0;
    }
  }
}
