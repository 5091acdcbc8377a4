package io.jthanos.store.gateway;

import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.NameVisitor;
import io.jthanos.objstore.IterOption;
import io.jthanos.objstore.ObjectAttributes;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bucket whose ranged reads fail with a given exception while {@link #failure} is set (only for names starting with
 * {@link #failurePrefix} when that is set); counts ranged reads.
 */
final class FailingBucket implements Bucket {
    private final Bucket delegate;
    volatile RuntimeException failure;
    /** When set, only ranged reads of objects whose names start with it fail. */
    volatile String failurePrefix;
    final AtomicInteger getRanges = new AtomicInteger();
    final AtomicInteger gets = new AtomicInteger();
    final AtomicInteger existsCalls = new AtomicInteger();
    final AtomicInteger iters = new AtomicInteger();

    FailingBucket(Bucket delegate) {
        this.delegate = delegate;
    }

    @Override
    public InputStream getRange(String name, long offset, long length) throws IOException {
        getRanges.incrementAndGet();
        RuntimeException f = failure;
        String prefix = failurePrefix;
        if (f != null && (prefix == null || name.startsWith(prefix))) {
            throw f;
        }
        return delegate.getRange(name, offset, length);
    }

    @Override
    public void iter(String dir, NameVisitor visitor, IterOption... options) throws IOException {
        iters.incrementAndGet();
        delegate.iter(dir, visitor, options);
    }

    @Override
    public InputStream get(String name) throws IOException {
        gets.incrementAndGet();
        return delegate.get(name);
    }

    @Override
    public boolean exists(String name) throws IOException {
        existsCalls.incrementAndGet();
        return delegate.exists(name);
    }

    @Override
    public ObjectAttributes attributes(String name) throws IOException {
        return delegate.attributes(name);
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public void upload(String name, InputStream content, long length) throws IOException {
        delegate.upload(name, content, length);
    }

    @Override
    public void delete(String name) throws IOException {
        delegate.delete(name);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
