package io.jthanos.cmd.cli;

import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.BucketFactory;
import io.jthanos.objstore.config.ObjstoreConfigException;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockMetaJson;
import io.jthanos.tsdb.tool.GoFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code thanos tools bucket ls}: lists the blocks of a bucket from their {@code meta.json}. Objects
 * that are not blocks, and partial uploads without {@code meta.json}, are skipped.
 *
 * <p>Output formats: {@code wide} (the default here; one line per block with ULID, time range,
 * compaction level, resolution, source and external labels), {@code ulid} (Thanos's default: ULIDs
 * only) and {@code json} (one meta.json document per block).
 */
@Command(name = "ls", description = "List all blocks in the bucket.")
final class BucketLsCommand extends BucketToolCommand {

  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.UTC);

  @Option(names = {"-o", "--output"}, defaultValue = "", description = "Format of each block's line: 'wide' (default), 'ulid' or 'json'.")
  String output;

  @Option(names = "--exclude-delete", negatable = true, defaultValue = "false", description = "Exclude blocks marked for deletion.")
  boolean excludeDelete;

  @Override
  protected void validate() {
    super.validate();
    if (!List.of("", "wide", "ulid", "json").contains(output)) {
      throw new UserError("--output: unsupported format '" + output + "', use wide, ulid or json");
    }
  }

  @Override
  protected int run() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (Bucket bucket = BucketFactory.fromConfig(objstore.configYaml(), objstore.source(), new SimpleMeterRegistry())) {
      TreeMap<String, BlockMeta> blocks = new TreeMap<>();
      for (String dir : bucket.list("")) {
        String id = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
        if (!isUlid(id)) {
          continue;
        }
        BlockMeta meta = readMeta(bucket, id);
        if (meta == null || (excludeDelete && bucket.exists(id + "/deletion-mark.json"))) {
          continue;
        }
        blocks.put(id, meta);
      }
      for (BlockMeta meta : blocks.values()) {
        out.println(format(meta));
      }
      out.flush();
      return 0;
    } catch (ObjstoreConfigException e) {
      throw new UserError(e.getMessage(), e);
    } catch (IOException e) {
      throw new UserError("list blocks: " + e.getMessage(), e);
    }
  }

  private BlockMeta readMeta(Bucket bucket, String id) throws IOException {
    byte[] json;
    try (var in = bucket.get(id + "/" + BlockMetaJson.FILE_NAME)) {
      json = in.readAllBytes();
    } catch (IOException e) {
      if (bucket.isObjectNotFound(e)) {
        return null; // partial upload: meta.json is uploaded last
      }
      throw e;
    }
    try {
      return BlockMetaJson.parse(json, id + "/" + BlockMetaJson.FILE_NAME);
    } catch (IOException e) {
      spec.commandLine().getErr().println("skipping block " + id + ": " + e.getMessage());
      return null;
    }
  }

  private String format(BlockMeta m) {
    return switch (output) {
      case "ulid" -> m.ulid();
      case "json" -> BlockMetaJson.toJson(m);
      default -> wide(m);
    };
  }

  private static String wide(BlockMeta m) {
    BlockMeta.Thanos t = m.thanos();
    return m.ulid() + " -- " + RFC3339.format(Instant.ofEpochMilli(m.minTime())) + " - "
        + RFC3339.format(Instant.ofEpochMilli(m.maxTime()))
        + " Diff: " + GoFormat.duration(m.maxTime() - m.minTime())
        + ", Compaction: " + m.compaction().level()
        + ", Downsample: " + (t == null ? 0 : t.downsampleResolution())
        + ", Source: " + (t == null || t.source() == null ? "" : t.source())
        + ", Labels: " + (t == null ? "{}" : io.jthanos.model.Labels.fromMap(t.labels()));
  }

  /** Whether {@code s} is a ULID: 26 characters of Crockford's base32, first at most '7'. */
  static boolean isUlid(String s) {
    if (s.length() != 26 || s.charAt(0) > '7') {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if ("0123456789ABCDEFGHJKMNPQRSTVWXYZ".indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }
}
