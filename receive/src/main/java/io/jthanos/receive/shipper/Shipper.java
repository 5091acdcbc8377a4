package io.jthanos.receive.shipper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jthanos.objstore.Bucket;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockMetaJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads the blocks of one local TSDB directory to a bucket (Thanos's {@code pkg/shipper}). Each block
 * is uploaded once: its files first, {@code meta.json} last with the Thanos section filled in (external
 * labels, source, file sizes), so readers never see a partial block. Uploaded block ids are remembered
 * in {@code thanos.shipper.json} in the same directory:
 *
 * <pre>{"version": 1, "uploaded": ["01H…", …]}</pre>
 *
 * <p>Not thread-safe: one caller runs {@link #sync()}.
 */
public final class Shipper {
    /** The file recording uploaded blocks, as Thanos names it. */
    public static final String META_FILE = "thanos.shipper.json";

    private static final Logger LOG = LoggerFactory.getLogger(Shipper.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern ULID = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");

    private final Path dir;
    private final Bucket bucket;
    private final Map<String, String> labels;
    private final String source;

    /**
     * @param dir the TSDB directory holding {@code <ulid>/} block directories
     * @param labels the external labels written into each uploaded block's {@code meta.json}
     * @param source the block source, e.g. {@code receive}
     */
    public Shipper(Path dir, Bucket bucket, Map<String, String> labels, String source) {
        this.dir = dir;
        this.bucket = bucket;
        this.labels = Map.copyOf(labels);
        this.source = source;
    }

    /**
     * Uploads every complete local block not uploaded before.
     *
     * @return the number of blocks uploaded
     * @throws IOException when a block cannot be read or uploaded; blocks uploaded before stay recorded
     */
    public int sync() throws IOException {
        TreeSet<String> uploaded = readUploaded();
        int count = 0;
        try {
            for (Path block : localBlocks()) {
                String id = block.getFileName().toString();
                if (uploaded.contains(id)) {
                    continue;
                }
                upload(block);
                uploaded.add(id);
                count++;
            }
        } finally {
            if (count > 0) {
                writeUploaded(uploaded);
            }
        }
        return count;
    }

    private List<Path> localBlocks() throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (ULID.matcher(p.getFileName().toString()).matches()
                        && Files.isRegularFile(p.resolve(BlockMetaJson.FILE_NAME))) {
                    out.add(p);
                }
            }
        }
        out.sort(null);
        return out;
    }

    private void upload(Path block) throws IOException {
        BlockMeta meta = BlockMetaJson.read(block);
        String id = meta.ulid();
        List<BlockMeta.File> files = new ArrayList<>();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(block)) {
            paths = walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals(BlockMetaJson.FILE_NAME))
                    .sorted().toList();
        }
        for (Path p : paths) {
            String rel = block.relativize(p).toString().replace('\\', '/');
            bucket.uploadFile(id + "/" + rel, p);
            files.add(new BlockMeta.File(rel, Files.size(p), null));
        }
        files.add(new BlockMeta.File(BlockMetaJson.FILE_NAME, 0, null));
        BlockMeta.Thanos t = meta.thanos() == null ? BlockMeta.Thanos.of(labels, source) : meta.thanos();
        BlockMeta.Thanos section = new BlockMeta.Thanos(t.version(), labels, t.downsampleResolution(), source,
                t.segmentFiles(), files, t.indexStats(), Instant.now().toString(), t.rewrites(), t.extensions(),
                t.unknown());
        bucket.upload(id + "/" + BlockMetaJson.FILE_NAME,
                BlockMetaJson.toJson(meta.withThanos(section)).getBytes(StandardCharsets.UTF_8));
        LOG.atInfo().addKeyValue("block", id).addKeyValue("files", files.size()).log("upload new block");
    }

    private TreeSet<String> readUploaded() throws IOException {
        TreeSet<String> out = new TreeSet<>();
        Path file = dir.resolve(META_FILE);
        if (!Files.isRegularFile(file)) {
            return out;
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            // Thanos treats an unreadable shipper file as empty and uploads again (uploads are idempotent).
            LOG.atWarn().addKeyValue("file", file).addKeyValue("err", e.getMessage()).log("read shipper meta file");
            return out;
        }
        for (JsonNode n : root.path("uploaded")) {
            out.add(n.asText());
        }
        return out;
    }

    private void writeUploaded(TreeSet<String> uploaded) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", 1);
        ArrayNode list = root.putArray("uploaded");
        uploaded.forEach(list::add);
        Path tmp = dir.resolve(META_FILE + ".tmp");
        Files.write(tmp, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        Files.move(tmp, dir.resolve(META_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
