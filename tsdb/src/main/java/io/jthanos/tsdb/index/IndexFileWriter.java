package io.jthanos.tsdb.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A buffered, position-tracking file writer with back-patching (Prometheus's index {@code FileWriter}). */
final class IndexFileWriter implements AutoCloseable {
    private final FileChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 20);
    private long pos;

    IndexFileWriter(Path file) throws IOException {
        ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
    }

    long pos() {
        return pos;
    }

    void write(byte[] b, int off, int len) throws IOException {
        pos += len;
        while (len > 0) {
            if (!buf.hasRemaining()) {
                flush();
            }
            int k = Math.min(len, buf.remaining());
            buf.put(b, off, k);
            off += k;
            len -= k;
        }
    }

    void write(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    /** Zero bytes up to the next multiple of {@code size}. */
    void addPadding(int size) throws IOException {
        int p = (int) (pos % size);
        if (p != 0) {
            write(new byte[size - p]);
        }
    }

    void flush() throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        buf.clear();
    }

    void writeAt(byte[] b, long at) throws IOException {
        flush();
        ByteBuffer bb = ByteBuffer.wrap(b);
        while (bb.hasRemaining()) {
            ch.write(bb, at + bb.position());
        }
    }

    /** Reads back {@code len} bytes at {@code at} (flushes first). */
    ByteBuffer read(long at, int len) throws IOException {
        flush();
        ByteBuffer bb = ByteBuffer.allocate(len);
        while (bb.hasRemaining()) {
            if (ch.read(bb, at + bb.position()) < 0) {
                throw new IOException("short read");
            }
        }
        return bb.flip();
    }

    @Override
    public void close() throws IOException {
        flush();
        ch.force(true);
        ch.close();
    }
}
