package io.jthanos.objstore.testing;

import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.IterOption;
import io.jthanos.objstore.NameVisitor;
import io.jthanos.objstore.ObjectAttributes;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Predicate;

/**
 * A bucket wrapper for tests that records what is written and fails the writes a test chooses: the uploads
 * whose name matches {@link #failUploads}, or, like a process that dies at that point, the n-th write
 * (upload or delete) and every write after it ({@link #failFromWrite}). Reads are counted by kind
 * ({@link #reads}), can be intercepted with {@link #onGet}, and ranged reads can be failed
 * ({@link #failRangeReads}).
 */
public final class FaultyBucket implements Bucket {

    /** Runs before every {@link #get}, e.g. to hold downloads. */
    @FunctionalInterface
    public interface GetHook {
        void before(String name) throws IOException;
    }

    /** The kinds of read, as counted by {@link #reads}. */
    public enum Read { GET, GET_RANGE, EXISTS, ITER, ATTRIBUTES }

    private record RangeFault(Predicate<String> names, RuntimeException failure) {}

    private static final RangeFault NO_RANGE_FAULT = new RangeFault(name -> false, null);

    private final Bucket delegate;
    private final List<String> uploads = new CopyOnWriteArrayList<>();
    private final List<String> deletes = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final AtomicInteger writes = new AtomicInteger();
    private volatile int failAt = Integer.MAX_VALUE;
    private volatile Predicate<String> failUploads = name -> false;
    private volatile GetHook getHook = name -> { };
    private volatile RangeFault rangeFault = NO_RANGE_FAULT;
    private final AtomicIntegerArray reads = new AtomicIntegerArray(Read.values().length);

    public FaultyBucket(Bucket delegate) {
        this.delegate = delegate;
    }

    /** Fails the uploads whose object name matches, until {@link #heal}. */
    public void failUploads(Predicate<String> names) {
        failUploads = names;
    }

    /** Fails the {@code n}-th write from now (1-based) and all later ones, until {@link #heal}. */
    public void failFromWrite(int n) {
        writes.set(0);
        failAt = n;
    }

    /** Stops injecting failures. */
    public void heal() {
        failAt = Integer.MAX_VALUE;
        failUploads = name -> false;
        rangeFault = NO_RANGE_FAULT;
    }

    /**
     * Throws {@code failure} itself (unchecked, so that callers' handling of unexpected errors is tested) from
     * the ranged reads of objects whose name matches, until {@link #heal}.
     */
    public void failRangeReads(Predicate<String> names, RuntimeException failure) {
        rangeFault = new RangeFault(names, failure);
    }

    /** Reads of this kind since creation or the last {@link #resetReads}, failed ones included. */
    public int reads(Read kind) {
        return reads.get(kind.ordinal());
    }

    /** Sets all read counts to zero. */
    public void resetReads() {
        for (Read r : Read.values()) {
            reads.set(r.ordinal(), 0);
        }
    }

    private void count(Read kind) {
        reads.incrementAndGet(kind.ordinal());
    }

    public void onGet(GetHook hook) {
        getHook = hook;
    }

    /** Writes attempted since the last {@link #failFromWrite} (or since creation), failed ones included. */
    public int writes() {
        return writes.get();
    }

    /** Names of the objects uploaded successfully, in order (live view). */
    public List<String> uploads() {
        return uploads;
    }

    /** Names of the objects deleted successfully, in order (live view). */
    public List<String> deletes() {
        return deletes;
    }

    /** Every write attempted, as {@code "upload <name>"} or {@code "delete <name>"}; a test may clear it. */
    public List<String> log() {
        return log;
    }

    private void write(String what) throws IOException {
        log.add(what);
        if (writes.incrementAndGet() >= failAt) {
            throw new IOException("injected crash at write " + writes.get() + " (" + what + ")");
        }
    }

    @Override
    public void upload(String name, InputStream content, long length) throws IOException {
        write("upload " + name);
        if (failUploads.test(name)) {
            throw new IOException("injected failure uploading " + name);
        }
        delegate.upload(name, content, length);
        uploads.add(name);
    }

    @Override
    public void delete(String name) throws IOException {
        write("delete " + name);
        delegate.delete(name);
        deletes.add(name);
    }

    @Override
    public void iter(String dir, NameVisitor visitor, IterOption... options) throws IOException {
        count(Read.ITER);
        delegate.iter(dir, visitor, options);
    }

    @Override
    public InputStream get(String name) throws IOException {
        count(Read.GET);
        getHook.before(name);
        return delegate.get(name);
    }

    @Override
    public InputStream getRange(String name, long offset, long length) throws IOException {
        count(Read.GET_RANGE);
        RangeFault fault = rangeFault;
        if (fault.names().test(name)) {
            throw fault.failure();
        }
        return delegate.getRange(name, offset, length);
    }

    @Override
    public boolean exists(String name) throws IOException {
        count(Read.EXISTS);
        return delegate.exists(name);
    }

    @Override
    public ObjectAttributes attributes(String name) throws IOException {
        count(Read.ATTRIBUTES);
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
