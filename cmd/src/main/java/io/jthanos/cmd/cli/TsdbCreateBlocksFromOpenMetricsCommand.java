package io.jthanos.cmd.cli;

import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.tool.OpenMetricsBlockImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code thanos tools tsdb create-blocks-from openmetrics FILE [OUTDIR]}: promtool's command of the
 * same name (2h-aligned blocks, timestamps in seconds, counters with {@code _total}, {@code # EOF}).
 */
@Command(name = "openmetrics", description = "Import samples from OpenMetrics input and produce TSDB blocks.")
final class TsdbCreateBlocksFromOpenMetricsCommand extends LocalToolCommand {

  @Parameters(index = "0", paramLabel = "input file", description = "OpenMetrics file to read samples from.")
  Path input;

  @Parameters(index = "1", paramLabel = "output directory", defaultValue = "data/", description = "Output directory for generated blocks.")
  Path output;

  @Option(names = "--max-block-duration", defaultValue = "2h", converter = Converters.DurationConverter.class,
      description = "Maximum duration created blocks may span. Anything less than 2h is ignored.")
  Duration maxBlockDuration;

  @Override
  protected int run() throws IOException {
    if (!Files.isReadable(input)) {
      throw new UserError("open input file " + input + ": no such readable file");
    }
    long duration = Math.max(maxBlockDuration.toMillis(), OpenMetricsBlockImporter.DEFAULT_BLOCK_DURATION);
    Files.createDirectories(output);
    List<BlockMeta> blocks;
    try {
      blocks = new OpenMetricsBlockImporter(duration).importFile(input, output);
    } catch (IllegalArgumentException e) {
      throw new UserError("import " + input + ": " + e.getMessage(), e);
    }
    for (BlockMeta m : blocks) {
      spec.commandLine().getOut().println("BLOCK ULID " + m.ulid() + " MIN TIME " + m.minTime() + " MAX TIME " + m.maxTime()
          + " SAMPLES " + m.stats().numSamples() + " SERIES " + m.stats().numSeries());
    }
    spec.commandLine().getOut().flush();
    return 0;
  }
}
