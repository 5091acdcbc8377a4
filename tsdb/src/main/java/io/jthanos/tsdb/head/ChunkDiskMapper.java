package io.jthanos.tsdb.head;

import io.jthanos.tsdb.chunkenc.Encoding;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Completed head chunks on disk, memory-mapped, so that the head's heap holds only the open chunk
 * of each series (Prometheus's {@code tsdb/chunks/head_chunks.go}, same file and record layout):
 *
 * <pre>
 * chunks_head/000001 …    files of up to 128 MiB, memory-mapped while in use
 * file   = magic 0x0130BC91 (4B BE) version 1 (1B) padding (3B) chunk*
 * chunk  = series ref (8B) min time (8B) max time (8B) encoding (1B) len (uvarint) data CRC32C (4B)
 *          CRC over everything from series ref through data; integers big-endian
 * ref    = file sequence &lt;&lt; 32 | offset of the chunk in the file
 * </pre>
 *
 * <p>Unlike Prometheus the files are not used on restart: the WAL (and its checkpoint) holds every
 * sample the head has, so the head replays from it and this directory is cleared on open. Files
 * are mapped in {@linkplain Arena#ofAuto() automatic} arenas: a file whose chunks are all truncated
 * is deleted at once and unmapped when no querier holds a view into it any more.
 *
 * <p>Writes are serialised by the head's commit lock; reads need no lock, since a chunk becomes
 * reachable only through its series after it was written.
 */
final class ChunkDiskMapper implements AutoCloseable {
    static final int MAGIC = 0x0130BC91;
    static final int HEADER_SIZE = 8;
    static final long MAX_FILE_SIZE = 128L * 1024 * 1024;
    private static final ValueLayout.OfLong LONG_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private static final class MappedFile {
        final int seq;
        final Path path;
        final MemorySegment data;
        long maxTime = Long.MIN_VALUE;

        MappedFile(int seq, Path path, MemorySegment data) {
            this.seq = seq;
            this.path = path;
            this.data = data;
        }
    }

    private final Path dir;
    private final long fileSize;
    private final CRC32C crc = new CRC32C();
    /** Files in use by sequence, replaced as a whole so a reader never pairs an array with another's first sequence. */
    private record FileTable(int firstSeq, MappedFile[] files) {
        MappedFile get(int seq) {
            int i = seq - firstSeq;
            return i >= 0 && i < files.length ? files[i] : null;
        }
    }

    private volatile FileTable table = new FileTable(1, new MappedFile[0]);
    private MappedFile current;
    private long offset;

    ChunkDiskMapper(Path dir, long fileSize) throws IOException {
        this.dir = dir;
        this.fileSize = fileSize;
        Files.createDirectories(dir);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                Files.delete(p);
            }
        }
    }

    /** Writes a completed chunk and returns its ref. */
    long write(long seriesRef, long minTime, long maxTime, Encoding encoding, MemorySegment chunk) throws IOException {
        int len = (int) chunk.byteSize();
        long need = 8 + 8 + 8 + 1 + 5 + len + 4;
        if (current == null || offset + need > current.data.byteSize()) {
            cutFile(Math.max(fileSize, HEADER_SIZE + need));
        }
        MemorySegment d = current.data;
        long start = offset;
        d.set(LONG_BE, start, seriesRef);
        d.set(LONG_BE, start + 8, minTime);
        d.set(LONG_BE, start + 16, maxTime);
        d.set(ValueLayout.JAVA_BYTE, start + 24, (byte) encoding.code());
        long p = start + 25;
        long v = len;
        while ((v & ~0x7FL) != 0) {
            d.set(ValueLayout.JAVA_BYTE, p++, (byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        d.set(ValueLayout.JAVA_BYTE, p++, (byte) v);
        MemorySegment.copy(chunk, 0, d, p, len);
        p += len;
        crc.reset();
        crc.update(d.asSlice(start, p - start).asByteBuffer());
        d.set(INT_BE, p, (int) crc.getValue());
        offset = p + 4;
        current.maxTime = Math.max(current.maxTime, maxTime);
        return ((long) current.seq << 32) | (p - len);
    }

    /**
     * The data of a chunk, as a view into the mapped file. The ref points at the data (not at the
     * record start as in Prometheus) so the length is passed in.
     */
    MemorySegment chunk(long ref, int length) {
        int seq = (int) (ref >>> 32);
        MappedFile f = table.get(seq);
        if (f == null) {
            throw new IllegalStateException("head chunk file " + seq + " is gone");
        }
        return f.data.asSlice(ref & 0xFFFFFFFFL, length);
    }

    /** Deletes files (other than the current one) whose chunks all end before {@code minTime}. */
    void truncate(long minTime) throws IOException {
        FileTable t = table;
        MappedFile[] fs = t.files();
        int drop = 0;
        while (drop < fs.length && fs[drop] != current && fs[drop].maxTime < minTime) {
            Files.deleteIfExists(fs[drop].path);
            drop++;
        }
        if (drop > 0) {
            table = new FileTable(t.firstSeq() + drop, java.util.Arrays.copyOfRange(fs, drop, fs.length));
        }
    }

    /** Number of files in use, for tests. */
    int fileCount() {
        return table.files().length;
    }

    private void cutFile(long size) throws IOException {
        FileTable t = table;
        int seq = current == null ? t.firstSeq() + t.files().length : current.seq + 1;
        Path path = dir.resolve(String.format("%06d", seq));
        MemorySegment data;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            data = ch.map(FileChannel.MapMode.READ_WRITE, 0, size, Arena.ofAuto());
        }
        data.set(INT_BE, 0, MAGIC);
        data.set(ValueLayout.JAVA_BYTE, 4, (byte) 1);
        MappedFile f = new MappedFile(seq, path, data);
        MappedFile[] fs = t.files();
        MappedFile[] more = java.util.Arrays.copyOf(fs, fs.length + 1);
        more[fs.length] = f;
        table = new FileTable(fs.length == 0 ? seq : t.firstSeq(), more);
        current = f;
        offset = HEADER_SIZE;
    }

    @Override
    public void close() {
        table = new FileTable(table.firstSeq(), new MappedFile[0]);
        current = null;
    }
}
