package io.jthanos.objstore.s3;

import io.jthanos.objstore.retry.Retrier;
import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The body of an S3 GET that survives dropped connections: when a read fails transiently it re-requests
 * the remaining range, pinned to the first response's ETag so a concurrent overwrite fails the read
 * instead of mixing two objects. Re-requests share one retry budget per stream.
 */
final class S3ObjectStream extends InputStream {
    /** Opens the byte range {@code [from, endExclusive)} of the object version with {@code etag}. */
    @FunctionalInterface
    interface Reopener {
        ResponseInputStream<GetObjectResponse> open(long from, long endExclusive, String etag) throws IOException;
    }

    private final Reopener reopener;
    private final Retrier retrier;
    private final String description;
    private final long end;
    private final String etag;
    private ResponseInputStream<GetObjectResponse> current;
    private long position;
    private Retrier.Budget budget;
    private boolean closed;

    S3ObjectStream(ResponseInputStream<GetObjectResponse> first, long start, Reopener reopener, Retrier retrier,
            String description) {
        this.current = first;
        this.position = start;
        Long length = first.response().contentLength();
        this.end = length == null ? -1 : start + length;
        this.etag = first.response().eTag();
        this.reopener = reopener;
        this.retrier = retrier;
        this.description = description;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException(description + ": stream closed");
        }
        if (len == 0) {
            return 0;
        }
        while (true) {
            try {
                int n = current.read(b, off, len);
                if (n > 0) {
                    position += n;
                    return n;
                }
                if (n < 0 && end >= 0 && position < end) {
                    throw new IOException("connection closed after " + position + " of " + end + " bytes");
                }
                return n;
            } catch (IOException e) {
                resume(e);
            }
        }
    }

    private void resume(IOException failure) throws IOException {
        current.abort();
        if (end < 0 || etag == null) {
            throw new IOException(description + ": " + failure.getMessage(), failure);
        }
        if (budget == null) {
            budget = retrier.startBudget();
        }
        while (true) {
            try {
                budget.onFailure(failure);
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().startsWith(description)) {
                    throw e;
                }
                throw new IOException(description + ": reading object: " + e.getMessage(), e);
            }
            try {
                current = reopener.open(position, end, etag);
                return;
            } catch (IOException e) {
                failure = e;
            }
        }
    }

    @Override
    public int available() throws IOException {
        return closed ? 0 : current.available();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (end >= 0 && position < end) {
            // Do not drain the rest of a large body just to reuse the connection.
            current.abort();
        }
        current.close();
    }
}
