package io.jthanos.receive.shipper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jthanos.tsdb.block.Ulid;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The shipper's record of uploaded blocks, {@code thanos.shipper.json} in the TSDB directory, in
 * Thanos's format ({@code pkg/shipper/shipper.go} {@code Meta}, written by Go's {@code json.Encoder}
 * with tab indentation):
 *
 * <pre>
 * {
 * 	"version": 1,
 * 	"uploaded": [
 * 		"01JC…"
 * 	]
 * }
 * </pre>
 *
 * Written atomically (temporary file, fsync, rename, directory fsync), so a crash leaves either the old
 * or the new list.
 *
 * @param uploaded ULIDs of uploaded blocks, in upload order
 */
public record ShipperState(List<String> uploaded) {
    /** Name of the file in the TSDB directory. */
    public static final String FILE_NAME = "thanos.shipper.json";
    /** The only version Thanos writes and reads. */
    public static final int VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public ShipperState {
        uploaded = List.copyOf(uploaded);
    }

    /**
     * Reads {@code dir/thanos.shipper.json}; a missing file is an empty state.
     *
     * @throws IOException when the file cannot be read or is not a version 1 shipper file
     */
    public static ShipperState read(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new ShipperState(List.of());
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new IOException("parse " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException("parse " + file + ": not a JSON object");
        }
        int version = root.path("version").asInt(0);
        if (version != VERSION) {
            throw new IOException("parse " + file + ": unexpected shipper meta version " + version + ", expected " + VERSION);
        }
        List<String> ids = new ArrayList<>();
        JsonNode list = root.path("uploaded");
        if (list.isArray()) { // Go writes null for an empty list
            for (JsonNode n : list) {
                String id = n.asText();
                if (!Ulid.isValid(id)) {
                    throw new IOException("parse " + file + ": invalid ULID \"" + id + "\"");
                }
                ids.add(id);
            }
        }
        return new ShipperState(ids);
    }

    /** The JSON text exactly as Go's {@code json.Encoder} with {@code SetIndent("", "\t")} writes it. */
    public String toJson() {
        StringBuilder b = new StringBuilder("{\n\t\"version\": ").append(VERSION).append(",\n\t\"uploaded\": ");
        if (uploaded.isEmpty()) {
            b.append("[]");
        } else {
            b.append("[\n");
            for (int i = 0; i < uploaded.size(); i++) {
                b.append("\t\t\"").append(uploaded.get(i)).append('"').append(i + 1 < uploaded.size() ? ",\n" : "\n");
            }
            b.append("\t]");
        }
        return b.append("\n}\n").toString();
    }

    /** Writes {@code dir/thanos.shipper.json} atomically. */
    public void write(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(toJson().getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // some file systems cannot fsync a directory; the rename is still atomic
        }
    }
}
