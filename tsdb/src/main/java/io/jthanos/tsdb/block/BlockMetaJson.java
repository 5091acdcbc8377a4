package io.jthanos.tsdb.block;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jthanos.tsdb.encoding.CorruptBlockException;
import io.jthanos.tsdb.fileutil.SyncedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads and writes {@code meta.json}. Output looks like Go's {@code json.MarshalIndent(meta, "", "\t")}:
 * tab indentation, fields in Prometheus's order, {@code omitempty} fields left out when zero.
 */
public final class BlockMetaJson {
    public static final String FILE_NAME = "meta.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter WRITER = MAPPER.writer(new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER).withArrayEmptySeparator("").withObjectEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("\t", "\n")).withArrayIndenter(new DefaultIndenter("\t", "\n")));

    private BlockMetaJson() {}

    /** Reads {@code dir/meta.json}. */
    public static BlockMeta read(Path dir) throws IOException {
        Path p = dir.resolve(FILE_NAME);
        return parse(Files.readAllBytes(p), p.toString());
    }

    /** Writes {@code dir/meta.json} atomically (temporary file, fsync, rename). */
    public static void write(Path dir, BlockMeta meta) throws IOException {
        SyncedFiles.writeAtomically(dir.resolve(FILE_NAME), toJson(meta).getBytes(StandardCharsets.UTF_8));
    }

    public static BlockMeta parse(byte[] json, String resource) throws CorruptBlockException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            long offset = at == null ? 0 : Math.max(0, at.getByteOffset());
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new CorruptBlockException(resource, offset, "invalid JSON: " + e.getOriginalMessage() + where, e);
        } catch (IOException e) {
            throw new CorruptBlockException(resource, 0, "invalid JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof ObjectNode o)) {
            throw new CorruptBlockException(resource, 0, "meta is not a JSON object");
        }
        int version = o.path("version").asInt(0);
        if (version != 1) {
            throw new CorruptBlockException(resource, 0, "unexpected meta file version " + version + ", expected 1");
        }
        String ulid = o.path("ulid").asText("");
        if (!Ulid.isValid(ulid)) {
            throw new CorruptBlockException(resource, 0, "invalid ulid \"" + ulid + "\"");
        }
        ObjectNode s = obj(o.get("stats"));
        BlockMeta.Stats stats = new BlockMeta.Stats(s.path("numSamples").asLong(), s.path("numFloatSamples").asLong(),
                s.path("numHistogramSamples").asLong(), s.path("numSeries").asLong(), s.path("numChunks").asLong(),
                s.path("numTombstones").asLong(),
                rest(s, Set.of("numSamples", "numFloatSamples", "numHistogramSamples", "numSeries", "numChunks", "numTombstones")));
        ObjectNode c = obj(o.get("compaction"));
        List<BlockMeta.BlockDesc> parents = new ArrayList<>();
        for (JsonNode p : c.path("parents")) {
            parents.add(new BlockMeta.BlockDesc(p.path("ulid").asText(), p.path("minTime").asLong(), p.path("maxTime").asLong()));
        }
        BlockMeta.Compaction compaction = new BlockMeta.Compaction(c.path("level").asInt(), strings(c.get("sources")),
                c.path("deletable").asBoolean(), parents, c.path("failed").asBoolean(), strings(c.get("hints")),
                rest(c, Set.of("level", "sources", "deletable", "parents", "failed", "hints")));
        BlockMeta.Thanos thanos = o.has("thanos") ? thanos(obj(o.get("thanos"))) : null;
        return new BlockMeta(ulid, o.path("minTime").asLong(), o.path("maxTime").asLong(), stats, compaction, version, thanos,
                rest(o, Set.of("ulid", "minTime", "maxTime", "stats", "compaction", "version", "thanos")));
    }

    private static BlockMeta.Thanos thanos(ObjectNode t) {
        Map<String, String> labels = new TreeMap<>();
        t.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        List<BlockMeta.File> files = new ArrayList<>();
        for (JsonNode f : t.path("files")) {
            files.add(new BlockMeta.File(f.path("rel_path").asText(), f.path("size_bytes").asLong(), f.get("hash")));
        }
        JsonNode is = t.path("index_stats");
        return new BlockMeta.Thanos(t.path("version").asInt(), labels, t.path("downsample").path("resolution").asLong(),
                t.path("source").asText(""), strings(t.get("segment_files")), files,
                new BlockMeta.IndexStats(is.path("series_max_size").asLong(), is.path("chunk_max_size").asLong()),
                t.hasNonNull("upload_time") ? t.get("upload_time").asText() : null, t.get("rewrites"), t.get("extensions"),
                rest(t, Set.of("version", "labels", "downsample", "source", "segment_files", "files", "index_stats", "upload_time",
                        "rewrites", "extensions")));
    }

    private static ObjectNode obj(JsonNode n) {
        return n instanceof ObjectNode o ? o : MAPPER.createObjectNode();
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n != null) {
            for (JsonNode s : n) {
                out.add(s.asText());
            }
        }
        return out;
    }

    private static ObjectNode rest(ObjectNode o, Set<String> known) {
        ObjectNode r = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!known.contains(e.getKey())) {
                if (r == null) {
                    r = MAPPER.createObjectNode();
                }
                r.set(e.getKey(), e.getValue());
            }
        }
        return r;
    }

    /** The JSON text, without a trailing newline (as Prometheus writes it). */
    public static String toJson(BlockMeta m) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("ulid", m.ulid());
        o.put("minTime", m.minTime());
        o.put("maxTime", m.maxTime());
        ObjectNode s = o.putObject("stats");
        BlockMeta.Stats st = m.stats();
        putNonZero(s, "numSamples", st.numSamples());
        putNonZero(s, "numFloatSamples", st.numFloatSamples());
        putNonZero(s, "numHistogramSamples", st.numHistogramSamples());
        putNonZero(s, "numSeries", st.numSeries());
        putNonZero(s, "numChunks", st.numChunks());
        putNonZero(s, "numTombstones", st.numTombstones());
        putAll(s, st.unknown());
        ObjectNode c = o.putObject("compaction");
        BlockMeta.Compaction cp = m.compaction();
        c.put("level", cp.level());
        if (!cp.sources().isEmpty()) {
            ArrayNode a = c.putArray("sources");
            cp.sources().forEach(a::add);
        }
        if (cp.deletable()) {
            c.put("deletable", true);
        }
        if (!cp.parents().isEmpty()) {
            ArrayNode a = c.putArray("parents");
            for (BlockMeta.BlockDesc p : cp.parents()) {
                a.addObject().put("ulid", p.ulid()).put("minTime", p.minTime()).put("maxTime", p.maxTime());
            }
        }
        if (cp.failed()) {
            c.put("failed", true);
        }
        if (!cp.hints().isEmpty()) {
            ArrayNode a = c.putArray("hints");
            cp.hints().forEach(a::add);
        }
        putAll(c, cp.unknown());
        o.put("version", m.version());
        if (m.thanos() != null) {
            o.set("thanos", thanosJson(m.thanos()));
        }
        putAll(o, m.unknown());
        try {
            return WRITER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode thanosJson(BlockMeta.Thanos t) {
        ObjectNode o = MAPPER.createObjectNode();
        if (t.version() != 0) {
            o.put("version", t.version());
        }
        ObjectNode labels = o.putObject("labels");
        new TreeMap<>(t.labels()).forEach(labels::put);
        o.putObject("downsample").put("resolution", t.downsampleResolution());
        o.put("source", t.source());
        if (!t.segmentFiles().isEmpty()) {
            ArrayNode a = o.putArray("segment_files");
            t.segmentFiles().forEach(a::add);
        }
        if (!t.files().isEmpty()) {
            ArrayNode a = o.putArray("files");
            for (BlockMeta.File f : t.files()) {
                ObjectNode fo = a.addObject().put("rel_path", f.relPath());
                if (f.sizeBytes() != 0) {
                    fo.put("size_bytes", f.sizeBytes());
                }
                if (f.hash() != null && !f.hash().isNull()) {
                    fo.set("hash", f.hash());
                }
            }
        }
        if (t.rewrites() != null) {
            o.set("rewrites", t.rewrites());
        }
        ObjectNode is = o.putObject("index_stats");
        putNonZero(is, "series_max_size", t.indexStats().seriesMaxSize());
        putNonZero(is, "chunk_max_size", t.indexStats().chunkMaxSize());
        if (t.extensions() != null) {
            o.set("extensions", t.extensions());
        }
        if (t.uploadTime() != null) {
            o.put("upload_time", t.uploadTime());
        }
        putAll(o, t.unknown());
        return o;
    }

    private static void putNonZero(ObjectNode o, String k, long v) {
        if (v != 0) {
            o.put(k, v);
        }
    }

    private static void putAll(ObjectNode o, ObjectNode extra) {
        if (extra != null) {
            extra.properties().forEach(e -> o.set(e.getKey(), e.getValue()));
        }
    }
}
