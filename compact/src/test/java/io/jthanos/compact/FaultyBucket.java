package io.jthanos.compact;

import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.IterOption;
import io.jthanos.objstore.NameVisitor;
import io.jthanos.objstore.ObjectAttributes;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bucket that fails the n-th write (upload or delete) and every write after it, like a process that
 * dies at that point: nothing it would have done afterwards reaches the bucket. Reads can be intercepted
 * with {@link #onGet}.
 */
final class FaultyBucket implements Bucket {
    private final Bucket delegate;
    private final AtomicInteger writes = new AtomicInteger();
    private volatile int failAt = Integer.MAX_VALUE;

    FaultyBucket(Bucket delegate) {
        this.delegate = delegate;
    }

    /** Fails the {@code n}-th write from now (1-based) and all later ones. */
    void failFromWrite(int n) {
        writes.set(0);
        failAt = n;
    }

    void heal() {
        failAt = Integer.MAX_VALUE;
    }

    int writes() {
        return writes.get();
    }

    final java.util.List<String> log = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    private void write(String what) throws IOException {
        log.add(what);
        if (writes.incrementAndGet() >= failAt) {
            throw new IOException("injected crash at write " + writes.get() + " (" + what + ")");
        }
    }

    @Override
    public void upload(String name, InputStream content, long length) throws IOException {
        write("upload " + name);
        delegate.upload(name, content, length);
    }

    @Override
    public void delete(String name) throws IOException {
        write("delete " + name);
        delegate.delete(name);
    }

    @Override
    public void iter(String dir, NameVisitor visitor, IterOption... options) throws IOException {
        delegate.iter(dir, visitor, options);
    }

    /** Runs before every {@link #get}, e.g. to hold downloads. */
    @FunctionalInterface
    interface GetHook {
        void before(String name) throws IOException;
    }

    private volatile GetHook getHook = name -> { };

    void onGet(GetHook hook) {
        getHook = hook;
    }

    @Override
    public InputStream get(String name) throws IOException {
        getHook.before(name);
        return delegate.get(name);
    }

    @Override
    public InputStream getRange(String name, long offset, long length) throws IOException {
        return delegate.getRange(name, offset, length);
    }

    @Override
    public boolean exists(String name) throws IOException {
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
    public void close() throws IOException {
        delegate.close();
    }
}
