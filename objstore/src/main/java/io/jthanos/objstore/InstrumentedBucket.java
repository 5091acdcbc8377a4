package io.jthanos.objstore;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Predicate;

/**
 * Counts and times every operation of a bucket with Thanos's metrics ({@link BucketMetrics}), as
 * thanos-io/objstore's {@code metricBucket}: an attempt increments {@code operations_total}; a failure
 * increments {@code operation_failures_total} unless it is expected; the duration of a successful
 * operation is observed (for {@code iter} always, and including the visitor's time). Reads are timed
 * until the stream is closed, and a read error counts as a failure.
 *
 * <p>"Object not found" is always expected, so a missing object on {@code get}, {@code get_range},
 * {@code exists} or {@code attributes} is not a failure; {@link #withExpectedErrors} adds more.
 * Failures while the thread is interrupted are not counted either (Thanos skips cancelled contexts).
 */
public final class InstrumentedBucket implements Bucket {
    private final Bucket delegate;
    private final BucketMetrics metrics;
    private final Predicate<Throwable> expected;

    /** Wraps {@code delegate}, registering its metrics under its {@link #name()}. */
    public InstrumentedBucket(Bucket delegate, MeterRegistry registry) {
        this(delegate, new BucketMetrics(registry, delegate.name()), ObjectNotFoundException::isNotFound);
    }

    private InstrumentedBucket(Bucket delegate, BucketMetrics metrics, Predicate<Throwable> expected) {
        this.delegate = delegate;
        this.metrics = metrics;
        this.expected = expected;
    }

    /**
     * A view of this bucket, sharing its metrics, for which failures matching {@code isExpected} are
     * not counted (Thanos's {@code WithExpectedErrs}).
     */
    public Bucket withExpectedErrors(Predicate<Throwable> isExpected) {
        return new InstrumentedBucket(delegate, metrics, expected.or(isExpected));
    }

    /** The wrapped bucket. */
    public Bucket unwrap() {
        return delegate;
    }

    @Override
    public void iter(String dir, NameVisitor visitor, IterOption... options) throws IOException {
        BucketOperation op = BucketOperation.ITER;
        metrics.attempted(op);
        long start = System.nanoTime();
        try {
            delegate.iter(dir, visitor, options);
        } catch (IOException | RuntimeException e) {
            fail(op, e);
            throw e;
        } finally {
            metrics.succeeded(op, System.nanoTime() - start);
        }
    }

    @Override
    public InputStream get(String name) throws IOException {
        return read(BucketOperation.GET, () -> delegate.get(name));
    }

    @Override
    public InputStream getRange(String name, long offset, long length) throws IOException {
        return read(BucketOperation.GET_RANGE, () -> delegate.getRange(name, offset, length));
    }

    private interface Opener {
        InputStream open() throws IOException;
    }

    private InputStream read(BucketOperation op, Opener opener) throws IOException {
        metrics.attempted(op);
        long start = System.nanoTime();
        InputStream in;
        try {
            in = opener.open();
        } catch (IOException | RuntimeException e) {
            fail(op, e);
            throw e;
        }
        return new TimedInputStream(in, op, start);
    }

    @Override
    public boolean exists(String name) throws IOException {
        BucketOperation op = BucketOperation.EXISTS;
        metrics.attempted(op);
        long start = System.nanoTime();
        try {
            boolean exists = delegate.exists(name);
            metrics.succeeded(op, System.nanoTime() - start);
            return exists;
        } catch (IOException | RuntimeException e) {
            fail(op, e);
            throw e;
        }
    }

    @Override
    public ObjectAttributes attributes(String name) throws IOException {
        BucketOperation op = BucketOperation.ATTRIBUTES;
        metrics.attempted(op);
        long start = System.nanoTime();
        try {
            ObjectAttributes attributes = delegate.attributes(name);
            metrics.succeeded(op, System.nanoTime() - start);
            return attributes;
        } catch (IOException | RuntimeException e) {
            fail(op, e);
            throw e;
        }
    }

    @Override
    public void upload(String name, InputStream content, long length) throws IOException {
        BucketOperation op = BucketOperation.UPLOAD;
        metrics.attempted(op);
        long start = System.nanoTime();
        CountingInputStream counting = new CountingInputStream(content);
        try {
            delegate.upload(name, counting, length);
        } catch (IOException | RuntimeException e) {
            fail(op, e);
            throw e;
        }
        metrics.succeeded(op, System.nanoTime() - start);
        metrics.transferred(op, counting.count);
        metrics.uploadSucceeded(System.currentTimeMillis() / 1000);
    }

    @Override
    public void delete(String name) throws IOException {
        BucketOperation op = BucketOperation.DELETE;
        metrics.attempted(op);
        long start = System.nanoTime();
        try {
            delegate.delete(name);
        } catch (IOException | RuntimeException e) {
            fail(op, e);
            throw e;
        }
        metrics.succeeded(op, System.nanoTime() - start);
    }

    @Override
    public boolean isObjectNotFound(Throwable error) {
        return delegate.isObjectNotFound(error);
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    private void fail(BucketOperation op, Throwable e) {
        if (!expected.test(e) && !Thread.currentThread().isInterrupted()) {
            metrics.failed(op);
        }
    }

    private static final class CountingInputStream extends FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    /** Counts fetched bytes as they are read; observes duration and size on close if no read failed. */
    private final class TimedInputStream extends FilterInputStream {
        private final BucketOperation op;
        private final long start;
        private long bytes;
        private boolean done;

        TimedInputStream(InputStream in, BucketOperation op, long start) {
            super(in);
            this.op = op;
            this.start = start;
        }

        @Override
        public int read() throws IOException {
            try {
                int b = in.read();
                if (b >= 0) {
                    count(1);
                }
                return b;
            } catch (IOException | RuntimeException e) {
                readFailed(e);
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = in.read(b, off, len);
                if (n > 0) {
                    count(n);
                }
                return n;
            } catch (IOException | RuntimeException e) {
                readFailed(e);
                throw e;
            }
        }

        private void count(int n) {
            bytes += n;
            metrics.fetched(op, n);
        }

        private void readFailed(Throwable e) {
            if (!done) {
                done = true;
                fail(op, e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                in.close();
            } catch (IOException | RuntimeException e) {
                readFailed(e);
                throw e;
            }
            if (!done) {
                done = true;
                metrics.succeeded(op, System.nanoTime() - start);
                metrics.transferred(op, bytes);
            }
        }
    }
}
