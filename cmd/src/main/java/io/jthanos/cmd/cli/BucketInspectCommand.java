package io.jthanos.cmd.cli;

import io.jthanos.cmd.store.BucketInspectTable;
import io.jthanos.cmd.store.BucketMetas;
import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.BucketFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code thanos tools bucket inspect}: the table of all blocks in the bucket (Thanos's columns and formats). */
@Command(name = "inspect", description = "Inspect all blocks in the bucket in detailed, table-like way.")
final class BucketInspectCommand extends BucketToolCommand {

  @Option(names = {"-l", "--selector"}, paramLabel = "<name>=\"<value>\"", description = "Selects blocks based on label (repeatable).")
  List<String> selectors = new ArrayList<>();

  @Option(names = "--sort-by", description = "Sort by columns (repeatable).")
  List<String> sortBy = new ArrayList<>();

  @Option(names = "--timeout", defaultValue = "5m", converter = Converters.DurationConverter.class, description = "Timeout to download metadata from remote storage.")
  Duration timeout;

  @Option(names = "--output", defaultValue = "table", description = "Output format for result. Currently supports table, cvs, tsv.")
  String output;

  @Override
  protected void validate() {
    super.validate();
    if (!output.equals("table")) {
      throw new UserError("--output=" + output + " is not supported yet; only table");
    }
    selector();
  }

  private Map<String, String> selector() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String s : selectors) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new UserError("-l/--selector: expected <name>=\"<value>\", got " + s);
      }
      String v = s.substring(eq + 1);
      if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
        v = v.substring(1, v.length() - 1);
      }
      out.put(s.substring(0, eq), v);
    }
    return out;
  }

  @Override
  protected int run() throws Exception {
    try (Bucket bucket = BucketFactory.fromConfig(objstore.configYaml(), "--objstore.config", new SimpleMeterRegistry())) {
      String table;
      try {
        table = BucketInspectTable.render(BucketMetas.all(bucket), selector(), sortBy, ZoneId.systemDefault());
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
      spec.commandLine().getOut().print(table);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
