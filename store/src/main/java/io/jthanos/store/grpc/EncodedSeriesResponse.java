package io.jthanos.store.grpc;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One {@code thanos.SeriesResponse} already in wire form, {@code bytes[offset, offset + length)}, as
 * {@link SeriesResponseEncoder} writes it; {@link #MARSHALLER} hands the bytes to gRPC as they are.
 */
record EncodedSeriesResponse(byte[] bytes, int offset, int length) {
    static final MethodDescriptor.Marshaller<EncodedSeriesResponse> MARSHALLER = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(EncodedSeriesResponse r) {
            return new Stream(r.bytes, r.offset, r.length);
        }

        @Override
        public EncodedSeriesResponse parse(InputStream in) {
            try {
                byte[] b = in.readAllBytes();
                return new EncodedSeriesResponse(b, 0, b.length);
            } catch (IOException e) {
                throw new IllegalStateException("reading a SeriesResponse", e);
            }
        }
    };

    /** Lets gRPC copy the bytes straight into its transport buffers ({@link Drainable}). */
    private static final class Stream extends InputStream implements Drainable, KnownLength {
        private final byte[] bytes;
        private int pos;
        private final int end;

        Stream(byte[] bytes, int offset, int length) {
            this.bytes = bytes;
            this.pos = offset;
            this.end = offset + length;
        }

        @Override
        public int drainTo(OutputStream target) throws IOException {
            int n = end - pos;
            target.write(bytes, pos, n);
            pos = end;
            return n;
        }

        @Override
        public int available() {
            return end - pos;
        }

        @Override
        public int read() {
            return pos < end ? bytes[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (pos >= end) {
                return -1;
            }
            int n = Math.min(len, end - pos);
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
