package io.jthanos.store.shipper;

import io.jthanos.objstore.Bucket;
import io.jthanos.tsdb.block.Block;
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
 * Uploads one block directory to a bucket the way Thanos's {@code block.Upload} does
 * ({@code pkg/block/block.go}):
 *
 * <pre>
 * &lt;ulid&gt;/chunks/000001 …   first, in name order
 * &lt;ulid&gt;/index               then
 * &lt;ulid&gt;/meta.json           last: readers ignore a block without it
 * </pre>
 *
 * The uploaded {@code meta.json} is the directory's own (which must carry a Thanos section with
 * non-empty external labels) with {@code thanos.files} ({@code chunks/…} and {@code index} with
 * their sizes, {@code meta.json} without, sorted by path) and {@code thanos.upload_time} filled in.
 * {@code tombstones} is not uploaded. When a chunk or the index fails, the objects already written are
 * deleted on a best-effort basis, so the next attempt starts clean.
 */
public final class BlockUpload {
    private static final Logger LOG = LoggerFactory.getLogger(BlockUpload.class);

    private BlockUpload() {}

    /**
     * Uploads {@code blockDir}, whose name must be the block's ULID.
     *
     * @return the {@code meta.json} as uploaded
     * @throws IllegalArgumentException when the meta has no Thanos section or no external labels
     * @throws IOException when reading the block or writing to the bucket fails; the message names the block
     */
    public static BlockMeta upload(Bucket bucket, Path blockDir) throws IOException {
        BlockMeta meta = BlockMetaJson.read(blockDir);
        String id = meta.ulid();
        if (!id.equals(blockDir.getFileName().toString())) {
            throw new IOException("block directory " + blockDir + " holds the meta.json of block " + id);
        }
        BlockMeta.Thanos t = meta.thanos();
        if (t == null || t.labels().isEmpty()) {
            throw new IllegalArgumentException("empty external labels are not allowed for Thanos block " + id);
        }
        List<Path> chunks = chunkFiles(blockDir);
        Path index = blockDir.resolve(Block.INDEX_FILE);
        List<BlockMeta.File> files = new ArrayList<>();
        for (Path c : chunks) {
            files.add(new BlockMeta.File(Block.CHUNKS_DIR + "/" + c.getFileName(), Files.size(c), null));
        }
        files.add(new BlockMeta.File(Block.INDEX_FILE, Files.size(index), null));
        files.add(new BlockMeta.File(BlockMetaJson.FILE_NAME, 0, null));
        files.sort(Comparator.comparing(BlockMeta.File::relPath));
        BlockMeta uploaded = meta.withThanos(new BlockMeta.Thanos(t.version() == 0 ? 1 : t.version(), t.labels(),
                t.downsampleResolution(), t.source(), t.segmentFiles(), files, t.indexStats(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), t.rewrites(), t.extensions(), t.unknown()));

        List<String> written = new ArrayList<>();
        try {
            for (Path c : chunks) {
                String name = id + "/" + Block.CHUNKS_DIR + "/" + c.getFileName();
                bucket.uploadFile(name, c);
                written.add(name);
            }
            String indexName = id + "/" + Block.INDEX_FILE;
            bucket.uploadFile(indexName, index);
            written.add(indexName);
        } catch (IOException | RuntimeException e) {
            for (String name : written) {
                try {
                    bucket.delete(name);
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            LOG.atWarn().addKeyValue("block", id).addKeyValue("objects", written.size()).log("removed partial upload");
            throw new IOException("upload block " + id + ": " + e.getMessage(), e);
        }
        // a failed meta.json upload is not cleaned up: S3 may have stored it after all
        try {
            bucket.upload(id + "/" + BlockMetaJson.FILE_NAME, BlockMetaJson.toJson(uploaded).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException("upload meta file of block " + id + ": " + e.getMessage(), e);
        }
        return uploaded;
    }

    /** The block's chunk segment files in name order, as Thanos lists {@code segment_files}. */
    static List<Path> chunkFiles(Path blockDir) throws IOException {
        Path dir = blockDir.resolve(Block.CHUNKS_DIR);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
    }
}
