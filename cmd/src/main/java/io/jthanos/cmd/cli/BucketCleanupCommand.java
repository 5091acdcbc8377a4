package io.jthanos.cmd.cli;

import io.jthanos.compact.CompactMetrics;
import io.jthanos.compact.Compactor;
import io.jthanos.compact.CompactorConfig;
import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.BucketFactory;
import io.jthanos.objstore.config.ObjstoreConfigException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code thanos tools bucket cleanup}: deletes blocks whose deletion mark is older than
 * {@code --delete-delay}, and partial uploads older than {@code max(--consistency-delay, 48h)}, once.
 */
@Command(name = "cleanup", description = "Cleans up all blocks marked for deletion.")
final class BucketCleanupCommand extends BucketToolCommand {

  @Option(names = "--delete-delay", defaultValue = "48h", converter = Converters.DurationConverter.class, description = "Time before a block marked for deletion is deleted from bucket.")
  Duration deleteDelay;

  @Option(names = "--consistency-delay", defaultValue = "30m", converter = Converters.DurationConverter.class, description = "Minimum age of fresh (non-compacted) blocks before they are being processed.")
  Duration consistencyDelay;

  @Option(names = "--block-sync-concurrency", defaultValue = "20", description = "Number of goroutines to use when syncing block metadata from object storage.")
  int blockSyncConcurrency;

  @Override
  protected int run() throws Exception {
    try (Bucket bkt = BucketFactory.fromConfig(objstore.configYaml(), objstore.source(), new SimpleMeterRegistry())) {
      CompactorConfig cfg = CompactorConfig.defaults(Path.of("."))
          .withDeleteDelay(deleteDelay).withConsistencyDelay(consistencyDelay)
          .withConcurrency(1, 1, Math.max(1, blockSyncConcurrency));
      int n = new Compactor(bkt, cfg, CompactMetrics.noop(), Clock.systemUTC()).cleanup();
      spec.commandLine().getOut().println("deleted " + n + " block(s)");
      spec.commandLine().getOut().flush();
      return 0;
    } catch (ObjstoreConfigException e) {
      throw new UserError(e.getMessage(), e);
    } catch (IOException e) {
      throw new UserError("cleanup: " + e.getMessage(), e);
    }
  }
}
