package io.jthanos.tsdb.encoding;

import java.io.IOException;

/**
 * Data read from a block file is malformed: a wrong magic number, version, length, checksum or
 * reference. Names the file and the byte offset where the problem was found, like Lucene's
 * {@code CorruptIndexException}.
 */
public final class CorruptBlockException extends IOException {
    private final String resource;
    private final long offset;
    private final String detail;

    public CorruptBlockException(String resource, long offset, String detail) {
        super(resource + " at offset " + offset + ": " + detail);
        this.resource = resource;
        this.offset = offset;
        this.detail = detail;
    }

    public CorruptBlockException(String resource, long offset, String detail, Throwable cause) {
        this(resource, offset, detail);
        initCause(cause);
    }

    /** The file (or other named resource) that is corrupt. */
    public String resource() {
        return resource;
    }

    /** The byte offset in {@link #resource()} at which the corruption was detected. */
    public long offset() {
        return offset;
    }

    /** What is wrong, without the resource and offset. */
    public String detail() {
        return detail;
    }
}
