package io.jthanos.objstore.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;

/** One part's bytes, read from the upload stream; grows up to its capacity and is reused across parts. */
final class PartBuffer {
    private final int capacity;
    private byte[] data = new byte[0];
    private int size;

    PartBuffer(long capacity) {
        this.capacity = (int) Math.min(capacity, Integer.MAX_VALUE - 16);
    }

    /**
     * Replaces the content with up to {@code limit} (at most capacity) bytes of {@code in}; returns how
     * many were read (fewer only at end of stream).
     */
    int fill(InputStream in, long limit) throws IOException {
        int want = (int) Math.min(limit, capacity);
        size = 0;
        while (size < want) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("upload interrupted");
            }
            if (size == data.length) {
                data = Arrays.copyOf(data, (int) Math.min(want, Math.max(64 * 1024L, data.length * 2L)));
            }
            int n = in.read(data, size, Math.min(data.length, want) - size);
            if (n < 0) {
                break;
            }
            size += n;
        }
        return size;
    }

    byte[] array() {
        return data;
    }

    int size() {
        return size;
    }

    int capacity() {
        return capacity;
    }
}
