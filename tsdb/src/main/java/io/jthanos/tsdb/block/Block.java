package io.jthanos.tsdb.block;

import io.jthanos.storage.ChunkQueryable;
import io.jthanos.storage.Queryable;
import io.jthanos.tsdb.chunks.ChunkReader;
import io.jthanos.tsdb.index.IndexReader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A persisted block: {@code meta.json}, the memory-mapped {@code index} and {@code chunks/} segment files,
 * and {@code tombstones}. Queriers hold the block open: {@link #close()} unmaps the files once the last
 * querier is closed (a Prometheus "pending read").
 */
public final class Block implements Queryable, ChunkQueryable, AutoCloseable {
    public static final String INDEX_FILE = "index";
    public static final String CHUNKS_DIR = "chunks";

    private final Path dir;
    private final BlockMeta meta;
    private final IndexReader index;
    private final ChunkReader chunks;
    private final Tombstones tombstones;
    private int pending;
    private boolean closing;
    private boolean released;

    private Block(Path dir, BlockMeta meta, IndexReader index, ChunkReader chunks, Tombstones tombstones) {
        this.dir = dir;
        this.meta = meta;
        this.index = index;
        this.chunks = chunks;
        this.tombstones = tombstones;
    }

    /** Opens the block in {@code dir}, checking meta, index TOC and segment headers. */
    public static Block open(Path dir) throws IOException {
        BlockMeta meta = BlockMetaJson.read(dir);
        Tombstones ts = Tombstones.read(dir);
        ChunkReader cr = ChunkReader.open(dir.resolve(CHUNKS_DIR));
        try {
            IndexReader ir = IndexReader.open(dir.resolve(INDEX_FILE));
            return new Block(dir, meta, ir, cr, ts);
        } catch (IOException | RuntimeException e) {
            cr.close();
            throw e;
        }
    }

    public Path dir() {
        return dir;
    }

    public BlockMeta meta() {
        return meta;
    }

    public IndexReader index() {
        return index;
    }

    public ChunkReader chunks() {
        return chunks;
    }

    public Tombstones tombstones() {
        return tombstones;
    }

    /** Sum of the sizes of index and chunk files. */
    public long size() {
        return index.size() + chunks.size();
    }

    /** A sample querier over {@code [minTime, maxTime]} (inclusive). */
    @Override
    public BlockQuerier querier(long minTime, long maxTime) {
        return new BlockQuerier(this, minTime, maxTime);
    }

    /** A chunk querier over {@code [minTime, maxTime]} (inclusive). */
    @Override
    public BlockChunkQuerier chunkQuerier(long minTime, long maxTime) {
        return new BlockChunkQuerier(this, minTime, maxTime);
    }

    synchronized void acquire() {
        if (closing) {
            throw new IllegalStateException("block " + meta.ulid() + " is closed");
        }
        pending++;
    }

    synchronized void release() {
        pending--;
        if (closing && pending == 0) {
            releaseFiles();
        }
    }

    /** Closes the block; the files are unmapped when the last open querier is closed. */
    @Override
    public synchronized void close() {
        closing = true;
        if (pending == 0) {
            releaseFiles();
        }
    }

    private void releaseFiles() {
        if (!released) {
            released = true;
            index.close();
            chunks.close();
        }
    }
}
