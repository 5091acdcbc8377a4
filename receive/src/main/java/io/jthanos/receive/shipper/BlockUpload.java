package io.jthanos.receive.shipper;

import io.jthanos.objstore.Bucket;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockMetaJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads one local block to a bucket as Thanos's {@code block.Upload} does ({@code pkg/block/block.go}):
 * {@code chunks/*}, then {@code index}, then {@code meta.json} last, so a block without {@code meta.json}
 * in the bucket is a partial upload readers ignore. The uploaded {@code meta.json} carries the Thanos
 * section with the {@code files} list ({@code chunks/…} and {@code index} with their sizes,
 * {@code meta.json} without) and the upload time; {@code tombstones} is not uploaded. The local
 * {@code meta.json} is left unchanged.
 */
public final class BlockUpload {
    private static final Logger LOG = LoggerFactory.getLogger(BlockUpload.class);
    static final String CHUNKS = "chunks";
    static final String INDEX = "index";

    private BlockUpload() {}

    /**
     * Uploads the block in {@code blockDir} under {@code <ulid>/}, with {@code thanos} as its Thanos
     * section (labels must be non-empty). When chunks or index fail, the objects already uploaded are
     * removed on a best-effort basis; a later call uploads everything again.
     *
     * @return the meta.json that was uploaded
     */
    public static BlockMeta upload(Bucket bucket, Path blockDir, BlockMeta.Thanos thanos) throws IOException {
        if (thanos.labels().isEmpty()) {
            throw new IllegalArgumentException("empty external labels are not allowed for Thanos block " + blockDir);
        }
        BlockMeta local = BlockMetaJson.read(blockDir);
        String id = local.ulid();
        if (!id.equals(blockDir.getFileName().toString())) {
            throw new IOException("block directory " + blockDir + " holds meta.json of block " + id);
        }
        List<Path> chunkFiles = chunkFiles(blockDir);
        Path index = blockDir.resolve(INDEX);
        List<BlockMeta.File> files = new ArrayList<>();
        for (Path c : chunkFiles) {
            files.add(new BlockMeta.File(CHUNKS + "/" + c.getFileName(), Files.size(c), null));
        }
        files.add(new BlockMeta.File(INDEX, Files.size(index), null));
        files.add(new BlockMeta.File(BlockMetaJson.FILE_NAME, 0, null));
        files.sort(Comparator.comparing(BlockMeta.File::relPath));
        BlockMeta.Thanos section = new BlockMeta.Thanos(thanos.version() == 0 ? 1 : thanos.version(), thanos.labels(),
                thanos.downsampleResolution(), thanos.source(), List.of(), files, thanos.indexStats(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), thanos.rewrites(), thanos.extensions(),
                thanos.unknown());
        BlockMeta uploaded = local.withThanos(section);

        List<String> done = new ArrayList<>();
        try {
            for (Path c : chunkFiles) {
                String name = id + "/" + CHUNKS + "/" + c.getFileName();
                bucket.uploadFile(name, c);
                done.add(name);
            }
            bucket.uploadFile(id + "/" + INDEX, index);
            done.add(id + "/" + INDEX);
        } catch (IOException | RuntimeException e) {
            cleanUp(bucket, id, done, e);
            throw new IOException("upload block " + id + ": " + e.getMessage(), e);
        }
        // No clean-up after a failed meta.json: it may still appear (S3 reporting 503 after storing it).
        try {
            bucket.upload(id + "/" + BlockMetaJson.FILE_NAME,
                    BlockMetaJson.toJson(uploaded).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException("upload meta file of block " + id + ": " + e.getMessage(), e);
        }
        return uploaded;
    }

    private static void cleanUp(Bucket bucket, String id, List<String> uploaded, Exception cause) {
        for (String name : uploaded) {
            try {
                bucket.delete(name);
            } catch (IOException | RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
        LOG.atWarn().addKeyValue("block", id).addKeyValue("objects", uploaded.size()).log("removed partial upload");
    }

    private static List<Path> chunkFiles(Path blockDir) throws IOException {
        Path chunks = blockDir.resolve(CHUNKS);
        if (!Files.isDirectory(chunks)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(chunks)) {
            return s.filter(Files::isRegularFile).sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
    }
}
