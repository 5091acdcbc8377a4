package io.jthanos.cmd.cli;

import io.jthanos.tsdb.tool.TsdbDump;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code thanos tools tsdb dump [--min-time] [--max-time] [--match] DBDIR}: every sample of every
 * block under DBDIR as {@code {labels} value timestamp_ms}, in the format and order of
 * {@code promtool tsdb dump}.
 */
@Command(name = "dump", description = "Dump samples from a TSDB.")
final class TsdbDumpCommand extends LocalToolCommand {

  @Parameters(index = "0", paramLabel = "db path", defaultValue = "data/", description = "Database path (default is data/).")
  Path dbDir;

  @Option(names = "--min-time", defaultValue = "" + Long.MIN_VALUE, description = "Minimum timestamp to dump, in milliseconds.")
  long minTime;

  @Option(names = "--max-time", defaultValue = "" + Long.MAX_VALUE, description = "Maximum timestamp to dump, in milliseconds.")
  long maxTime;

  @Option(names = "--match", description = "Series selector. Can be specified multiple times.")
  List<String> match = new ArrayList<>();

  @Override
  protected int run() throws IOException {
    if (!Files.isDirectory(dbDir)) {
      throw new UserError("open " + dbDir + ": no such directory");
    }
    PrintStream out = stdout();
    try {
      TsdbDump.dump(dbDir, minTime, maxTime, match, out);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    } finally {
      out.flush();
    }
    return 0;
  }
}
