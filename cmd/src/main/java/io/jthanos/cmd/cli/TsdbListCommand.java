package io.jthanos.cmd.cli;

import io.jthanos.tsdb.tool.TsdbList;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code thanos tools tsdb list [-r] DBDIR}: the block table of {@code promtool tsdb list}. */
@Command(name = "list", description = "List TSDB blocks.")
final class TsdbListCommand extends LocalToolCommand {

  @Parameters(index = "0", paramLabel = "db path", defaultValue = "data/", description = "Database path (default is data/).")
  Path dbDir;

  @Option(names = {"-r", "--human-readable"}, description = "Print human readable values.")
  boolean humanReadable;

  @Override
  protected int run() throws IOException {
    if (!Files.isDirectory(dbDir)) {
      throw new UserError("open " + dbDir + ": no such directory");
    }
    PrintStream out = stdout();
    try {
      TsdbList.list(dbDir, humanReadable, out);
    } finally {
      out.flush();
    }
    return 0;
  }
}
