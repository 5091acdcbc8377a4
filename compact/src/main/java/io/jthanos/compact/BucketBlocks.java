package io.jthanos.compact;

import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.BucketReader;
import io.jthanos.objstore.IterOption;
import io.jthanos.tsdb.block.Block;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockMetaJson;
import io.jthanos.tsdb.fileutil.FileTrees;
import io.jthanos.tsdb.fileutil.Fsync;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Moves whole blocks between a local directory and a bucket, in the orders Thanos relies on
 * ({@code pkg/block/block.go}): an upload writes {@code chunks/*}, then {@code index}, then
 * {@code meta.json} last, so readers never see a block whose {@code meta.json} exists but whose data
 * does not; a delete removes {@code meta.json} first (the block turns partial and invisible), then the
 * data, then {@code deletion-mark.json} last (so a deletion interrupted half-way is resumed).
 */
public final class BucketBlocks {
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.UTC);

    private BucketBlocks() {}

    /**
     * Uploads the block in {@code dir} (named by its ULID).
     *
     * @throws IOException when the block has no Thanos section or no external labels (Thanos refuses
     *     such uploads: they could not be grouped), or an upload fails
     */
    public static void upload(Bucket bkt, Path dir, Clock clock) throws IOException {
        upload(bkt, dir, clock, 1);
    }

    /**
     * As {@link #upload(Bucket, Path, Clock)}, with up to {@code concurrency} chunk files in flight
     * ({@code --block-files-concurrency}); {@code index} and {@code meta.json} still follow all chunks.
     */
    public static void upload(Bucket bkt, Path dir, Clock clock, int concurrency) throws IOException {
        BlockMeta meta = BlockMetaJson.read(dir);
        String id = dir.getFileName().toString();
        if (!id.equals(meta.ulid())) {
            throw new IOException("block directory " + dir + " holds block " + meta.ulid());
        }
        if (meta.thanos() == null || meta.thanos().labels().isEmpty()) {
            throw new IOException("empty external labels are not allowed for Thanos block " + id);
        }
        List<Path> chunkFiles = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir.resolve(Block.CHUNKS_DIR))) {
            s.sorted().forEach(chunkFiles::add);
        }
        List<Parallel.IoTask> uploads = new ArrayList<>(chunkFiles.size());
        for (Path f : chunkFiles) {
            uploads.add(() -> bkt.uploadFile(id + "/" + Block.CHUNKS_DIR + "/" + f.getFileName(), f));
        }
        Parallel.run(uploads, concurrency);
        bkt.uploadFile(id + "/" + Block.INDEX_FILE, dir.resolve(Block.INDEX_FILE));
        BlockMeta.Thanos t = meta.thanos();
        BlockMeta uploaded = meta.withThanos(new BlockMeta.Thanos(t.version(), t.labels(), t.downsampleResolution(),
                t.source(), t.segmentFiles(), t.files(), t.indexStats(), RFC3339.format(clock.instant()), t.rewrites(),
                t.extensions(), t.unknown()));
        bkt.upload(id + "/" + BlockMetaJson.FILE_NAME, BlockMetaJson.toJson(uploaded).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Downloads block {@code id} into {@code dir} (which must not be a block of another id). The files
     * go to {@code dir + ".download"} first and the directory is renamed when complete, so an
     * interrupted download never looks like a block. An existing complete copy is reused.
     *
     * @return the block's meta
     */
    public static BlockMeta download(BucketReader bkt, String id, Path dir) throws IOException {
        return download(bkt, id, dir, 1);
    }

    /** As {@link #download(BucketReader, String, Path)}, with up to {@code concurrency} files in flight. */
    public static BlockMeta download(BucketReader bkt, String id, Path dir, int concurrency) throws IOException {
        if (Files.exists(dir.resolve(BlockMetaJson.FILE_NAME))) {
            BlockMeta local = BlockMetaJson.read(dir);
            if (missing(dir, local) == null) {
                return local;
            }
        }
        FileTrees.removeAll(dir);
        Path tmp = dir.resolveSibling(dir.getFileName() + ".download");
        FileTrees.removeAll(tmp);
        Files.createDirectories(tmp.resolve(Block.CHUNKS_DIR));
        List<String> names = new ArrayList<>();
        bkt.iter(id + "/", names::add, IterOption.RECURSIVE);
        boolean hasMeta = false;
        List<Parallel.IoTask> downloads = new ArrayList<>(names.size());
        for (String name : names) {
            String rel = name.substring(id.length() + 1);
            if (rel.equals(BlockMetaJson.FILE_NAME)) {
                hasMeta = true;
            } else if (!rel.equals(Block.INDEX_FILE) && !rel.startsWith(Block.CHUNKS_DIR + "/")) {
                continue; // markers, tombstones, debug files
            }
            Path target = tmp.resolve(rel);
            downloads.add(() -> {
                try (InputStream in = bkt.get(name)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            });
        }
        Parallel.run(downloads, concurrency);
        if (!hasMeta) {
            FileTrees.removeAll(tmp);
            throw new IOException("download block " + id + ": no meta.json in bucket " + bkt.name());
        }
        BlockMeta meta = BlockMetaJson.read(tmp);
        String missing = missing(tmp, meta);
        if (missing != null) {
            FileTrees.removeAll(tmp);
            throw new IOException("download block " + id + " from bucket " + bkt.name() + ": " + missing);
        }
        Fsync.directoryIfSupported(tmp.resolve(Block.CHUNKS_DIR));
        Fsync.directoryIfSupported(tmp);
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        return meta;
    }

    /**
     * What {@code dir} lacks against the files listed in the meta (when it lists them; the index always), such as
     * "no index" or "chunks/000002 of 1000 bytes, meta.json lists 2000"; {@code null} when nothing.
     */
    private static String missing(Path dir, BlockMeta meta) throws IOException {
        if (!Files.exists(dir.resolve(Block.INDEX_FILE))) {
            return "no " + Block.INDEX_FILE;
        }
        if (meta.thanos() == null) {
            return null;
        }
        for (BlockMeta.File f : meta.thanos().files()) {
            if (f.relPath().equals(BlockMetaJson.FILE_NAME)) {
                continue;
            }
            Path p = dir.resolve(f.relPath());
            if (!Files.exists(p)) {
                return "no " + f.relPath() + ", which meta.json lists";
            }
            if (Files.size(p) != f.sizeBytes()) {
                return f.relPath() + " of " + Files.size(p) + " bytes, meta.json lists " + f.sizeBytes();
            }
        }
        return null;
    }

    /**
     * Deletes block {@code id} from the bucket: {@code meta.json} first, then every other object except
     * the deletion mark, then the deletion mark. Deleting a block that is already gone is not an error.
     */
    public static void delete(Bucket bkt, String id) throws IOException {
        bkt.delete(id + "/" + BlockMetaJson.FILE_NAME);
        List<String> names = new ArrayList<>();
        bkt.iter(id + "/", names::add, IterOption.RECURSIVE);
        String mark = id + "/" + DeletionMark.FILE_NAME;
        for (String name : names) {
            if (!name.equals(mark)) {
                bkt.delete(name);
            }
        }
        bkt.delete(mark);
    }
}
