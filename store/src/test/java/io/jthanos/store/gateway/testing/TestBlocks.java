package io.jthanos.store.gateway.testing;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.objstore.Bucket;
import io.jthanos.storage.ChunkQuerier;
import io.jthanos.storage.SelectHints;
import io.jthanos.store.testing.InMemoryChunkQueryable;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockMetaJson;
import io.jthanos.tsdb.block.BlockWriter;
import io.jthanos.tsdb.block.Ulid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Writes blocks with tsdb's {@link BlockWriter} and uploads them as Thanos does (chunks, index, meta.json last). */
public final class TestBlocks {
    private TestBlocks() {}

    /** Writes every series of {@code db} as one block under {@code parent} with a Thanos section. */
    public static BlockMeta write(Path parent, InMemoryChunkQueryable db, Labels external, long minTime, long maxTime)
            throws IOException {
        return write(parent, db, external, minTime, maxTime, Ulid.generate());
    }

    public static BlockMeta write(Path parent, InMemoryChunkQueryable db, Labels external, long minTime, long maxTime,
            Ulid id) throws IOException {
        Files.createDirectories(parent);
        try (ChunkQuerier q = db.chunkQuerier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SelectHints hints = new SelectHints(Long.MIN_VALUE, Long.MAX_VALUE, 0, null, 0, List.of(), false, false);
            return new BlockWriter(parent).ulid(id).timeRange(minTime, maxTime)
                    .thanos(BlockMeta.Thanos.of(external.toMap(), "test"))
                    .write(q.select(true, hints, Matcher.regex("__name__", ".*")));
        }
    }

    /** Uploads {@code parent/<ulid>} to {@code bucket}: chunks, index, then meta.json. */
    public static void upload(Bucket bucket, Path parent, String ulid) throws IOException {
        Path dir = parent.resolve(ulid);
        try (Stream<Path> s = Files.list(dir.resolve("chunks"))) {
            for (Path p : s.sorted().toList()) {
                bucket.uploadFile(ulid + "/chunks/" + p.getFileName(), p);
            }
        }
        bucket.uploadFile(ulid + "/index", dir.resolve("index"));
        bucket.uploadFile(ulid + "/" + BlockMetaJson.FILE_NAME, dir.resolve(BlockMetaJson.FILE_NAME));
    }

    /** Deletes a block the way Thanos does: meta.json first. */
    public static void delete(Bucket bucket, String ulid) throws IOException {
        bucket.delete(ulid + "/" + BlockMetaJson.FILE_NAME);
        for (String n : bucket.list(ulid, io.jthanos.objstore.IterOption.RECURSIVE)) {
            bucket.delete(n);
        }
    }
}
