package io.jthanos.compact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.BucketReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Reads and writes the block markers of Thanos ({@code pkg/block/metadata/markers.go}) with the same
 * JSON field names, and places them as {@code pkg/block/block.go} does: marking a block that already
 * carries the marker is a no-op, so a repeated or resumed mark never moves a deletion time forward.
 */
public final class Markers {
    /** Reason of a no-compact mark set by hand. */
    public static final String MANUAL_REASON = "manual";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Markers() {}

    /** The JSON of a deletion mark, field order as Thanos writes it. */
    public static byte[] toJson(DeletionMark m) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", m.id());
        n.put("version", m.version());
        n.put("details", m.details());
        n.put("deletion_time", m.deletionTime());
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The JSON of a no-compact mark. */
    public static byte[] toJson(NoCompactMark m) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", m.id());
        n.put("version", m.version());
        n.put("details", m.details());
        n.put("no_compact_time", m.noCompactTime());
        n.put("reason", m.reason());
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The JSON of a no-downsample mark. */
    public static byte[] toJson(NoDownsampleMark m) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", m.id());
        n.put("version", m.version());
        n.put("details", m.details());
        n.put("no_downsample_time", m.noDownsampleTime());
        n.put("reason", m.reason());
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a deletion mark; {@code resource} names the object in errors. */
    public static DeletionMark parseDeletionMark(byte[] json, String resource) throws IOException {
        JsonNode n = parse(json, resource);
        checkVersion(n, resource);
        return new DeletionMark(n.path("id").asText(), n.path("version").asInt(), n.path("details").asText(""),
                n.path("deletion_time").asLong());
    }

    /** Parses a no-compact mark. */
    public static NoCompactMark parseNoCompactMark(byte[] json, String resource) throws IOException {
        JsonNode n = parse(json, resource);
        checkVersion(n, resource);
        return new NoCompactMark(n.path("id").asText(), n.path("version").asInt(), n.path("details").asText(""),
                n.path("no_compact_time").asLong(), n.path("reason").asText(""));
    }

    /** Parses a no-downsample mark. */
    public static NoDownsampleMark parseNoDownsampleMark(byte[] json, String resource) throws IOException {
        JsonNode n = parse(json, resource);
        checkVersion(n, resource);
        return new NoDownsampleMark(n.path("id").asText(), n.path("version").asInt(), n.path("details").asText(""),
                n.path("no_downsample_time").asLong(), n.path("reason").asText(""));
    }

    private static JsonNode parse(byte[] json, String resource) throws IOException {
        try {
            JsonNode n = JSON.readTree(json);
            if (n == null || !n.isObject()) {
                throw new IOException("unmarshal " + resource + ": not a JSON object");
            }
            return n;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException("unmarshal " + resource + ": " + e.getOriginalMessage(), e);
        }
    }

    private static void checkVersion(JsonNode n, String resource) throws IOException {
        int v = n.path("version").asInt(-1);
        if (v != 1) {
            throw new IOException("unexpected version of " + resource + ": got " + v + ", want 1");
        }
    }

    /**
     * Reads {@code <id>/deletion-mark.json}, or returns {@code null} when the block has none.
     */
    public static DeletionMark readDeletionMark(BucketReader bkt, String id) throws IOException {
        byte[] b = readOrNull(bkt, id + "/" + DeletionMark.FILE_NAME);
        return b == null ? null : parseDeletionMark(b, id + "/" + DeletionMark.FILE_NAME);
    }

    /** Reads {@code <id>/no-compact-mark.json}, or {@code null}. */
    public static NoCompactMark readNoCompactMark(BucketReader bkt, String id) throws IOException {
        byte[] b = readOrNull(bkt, id + "/" + NoCompactMark.FILE_NAME);
        return b == null ? null : parseNoCompactMark(b, id + "/" + NoCompactMark.FILE_NAME);
    }

    /** Reads {@code <id>/no-downsample-mark.json}, or {@code null}. */
    public static NoDownsampleMark readNoDownsampleMark(BucketReader bkt, String id) throws IOException {
        byte[] b = readOrNull(bkt, id + "/" + NoDownsampleMark.FILE_NAME);
        return b == null ? null : parseNoDownsampleMark(b, id + "/" + NoDownsampleMark.FILE_NAME);
    }

    static byte[] readOrNull(BucketReader bkt, String name) throws IOException {
        try (InputStream in = bkt.get(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            if (bkt.isObjectNotFound(e)) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Uploads a deletion mark for block {@code id} unless it already has one.
     *
     * @return whether a new mark was written
     * @throws IOException when the block has no {@code meta.json} (nothing to mark) or the upload fails
     */
    public static boolean markForDeletion(Bucket bkt, String id, String details, Clock clock) throws IOException {
        requireBlock(bkt, id);
        if (bkt.exists(id + "/" + DeletionMark.FILE_NAME)) {
            return false;
        }
        bkt.upload(id + "/" + DeletionMark.FILE_NAME,
                toJson(new DeletionMark(id, 1, details, clock.instant().getEpochSecond())));
        return true;
    }

    /** Uploads a no-compact mark for block {@code id} unless it already has one; returns whether written. */
    public static boolean markForNoCompact(Bucket bkt, String id, String reason, String details, Clock clock)
            throws IOException {
        requireBlock(bkt, id);
        if (bkt.exists(id + "/" + NoCompactMark.FILE_NAME)) {
            return false;
        }
        bkt.upload(id + "/" + NoCompactMark.FILE_NAME,
                toJson(new NoCompactMark(id, 1, details, clock.instant().getEpochSecond(), reason)));
        return true;
    }

    /** Uploads a no-downsample mark for block {@code id} unless it already has one; returns whether written. */
    public static boolean markForNoDownsample(Bucket bkt, String id, String reason, String details, Clock clock)
            throws IOException {
        requireBlock(bkt, id);
        if (bkt.exists(id + "/" + NoDownsampleMark.FILE_NAME)) {
            return false;
        }
        bkt.upload(id + "/" + NoDownsampleMark.FILE_NAME,
                toJson(new NoDownsampleMark(id, 1, details, clock.instant().getEpochSecond(), reason)));
        return true;
    }

    private static void requireBlock(BucketReader bkt, String id) throws IOException {
        if (!bkt.exists(id + "/meta.json")) {
            throw new IOException("block " + id + " has no meta.json in bucket " + bkt.name() + "; nothing to mark");
        }
    }
}
