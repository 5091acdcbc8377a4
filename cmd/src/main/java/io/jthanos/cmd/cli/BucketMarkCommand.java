package io.jthanos.cmd.cli;

import io.jthanos.compact.DeletionMark;
import io.jthanos.compact.Markers;
import io.jthanos.compact.NoCompactMark;
import io.jthanos.compact.NoDownsampleMark;
import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.BucketFactory;
import io.jthanos.objstore.config.ObjstoreConfigException;
import io.jthanos.tsdb.block.Ulid;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code thanos tools bucket mark}: puts (or with {@code --remove} removes) a deletion, no-compact or
 * no-downsample marker on blocks, as Thanos's {@code tools bucket mark}. Marking an already marked
 * block keeps the existing marker.
 */
@Command(name = "mark", description = "Mark block for deletion or no-compact in a safe way. NOTE: If the compactor is currently running compacting same block, this operation would be potentially a noop.")
final class BucketMarkCommand extends BucketToolCommand {

  @Option(names = "--id", required = true, description = "ID (ULID) of the blocks to be marked (repeatable).")
  List<String> ids = new ArrayList<>();

  @Option(names = "--marker", required = true, description = "Marker to be put: deletion-mark.json, no-compact-mark.json, no-downsample-mark.json.")
  String marker;

  @Option(names = "--details", defaultValue = "", description = "Human readable details to be put into marker.")
  String details;

  @Option(names = "--remove", negatable = true, defaultValue = "false", description = "Remove the marker.")
  boolean remove;

  @Override
  protected void validate() {
    super.validate();
    if (!List.of(DeletionMark.FILE_NAME, NoCompactMark.FILE_NAME, NoDownsampleMark.FILE_NAME).contains(marker)) {
      throw new UserError("--marker must be one of deletion-mark.json, no-compact-mark.json, no-downsample-mark.json, got \"" + marker + "\"");
    }
    for (String id : ids) {
      if (!Ulid.isValid(id)) {
        throw new UserError("--id: \"" + id + "\" is not a ULID");
      }
    }
    if (!remove && marker.equals(DeletionMark.FILE_NAME) && details.isEmpty()) {
      throw new UserError("required flag --details not provided (it is mandatory for deletion marks)");
    }
  }

  @Override
  protected int run() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Clock clock = Clock.systemUTC();
    try (Bucket bkt = BucketFactory.fromConfig(objstore.configYaml(), objstore.source(), new SimpleMeterRegistry())) {
      for (String id : ids) {
        String name = id + "/" + marker;
        if (remove) {
          if (!bkt.exists(name)) {
            out.println("block " + id + " has no " + marker + "; nothing to remove");
            continue;
          }
          bkt.delete(name);
          out.println("removed " + marker + " from block " + id);
          continue;
        }
        boolean written = switch (marker) {
          case DeletionMark.FILE_NAME -> Markers.markForDeletion(bkt, id, details, clock);
          case NoCompactMark.FILE_NAME -> Markers.markForNoCompact(bkt, id, Markers.MANUAL_REASON, details, clock);
          default -> Markers.markForNoDownsample(bkt, id, Markers.MANUAL_REASON, details, clock);
        };
        out.println(written ? "marked block " + id + " with " + marker : "block " + id + " already has " + marker + "; kept it");
      }
      out.flush();
      return 0;
    } catch (ObjstoreConfigException e) {
      throw new UserError(e.getMessage(), e);
    } catch (IOException e) {
      throw new UserError("mark: " + e.getMessage(), e);
    }
  }
}
