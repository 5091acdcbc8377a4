package io.jthanos.objstore;

import java.io.IOException;
import java.io.InputStream;

/**
 * A view of a bucket in which every object lives under {@code prefix/} (the {@code prefix:} of
 * {@code objstore.yml}); names seen by callers do not include it, as in Thanos's {@code PrefixedBucket}.
 */
public final class PrefixedBucket implements Bucket {
    private final Bucket delegate;
    private final String prefix;

    /**
     * Wraps {@code delegate}; {@code prefix} is trimmed of slashes and must not be empty then.
     */
    public PrefixedBucket(Bucket delegate, String prefix) {
        String trimmed = trim(prefix);
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("empty prefix");
        }
        this.delegate = delegate;
        this.prefix = trimmed + ObjectNames.DELIMITER;
    }

    /** Wraps {@code delegate} if {@code prefix} has more than slashes, else returns it unchanged. */
    public static Bucket wrap(Bucket delegate, String prefix) {
        return trim(prefix).isEmpty() ? delegate : new PrefixedBucket(delegate, prefix);
    }

    private static String trim(String prefix) {
        String p = prefix == null ? "" : prefix;
        int from = 0;
        int to = p.length();
        while (from < to && p.charAt(from) == '/') {
            from++;
        }
        while (to > from && p.charAt(to - 1) == '/') {
            to--;
        }
        return p.substring(from, to);
    }

    @Override
    public void iter(String dir, NameVisitor visitor, IterOption... options) throws IOException {
        delegate.iter(prefix + ObjectNames.dirPrefix(dir), name -> visitor.visit(name.substring(prefix.length())), options);
    }

    @Override
    public InputStream get(String name) throws IOException {
        return delegate.get(prefixed(name));
    }

    @Override
    public InputStream getRange(String name, long offset, long length) throws IOException {
        return delegate.getRange(prefixed(name), offset, length);
    }

    @Override
    public boolean exists(String name) throws IOException {
        return delegate.exists(prefixed(name));
    }

    @Override
    public ObjectAttributes attributes(String name) throws IOException {
        return delegate.attributes(prefixed(name));
    }

    @Override
    public void upload(String name, InputStream content, long length) throws IOException {
        delegate.upload(prefixed(name), content, length);
    }

    @Override
    public void delete(String name) throws IOException {
        delegate.delete(prefixed(name));
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

    private String prefixed(String name) {
        return prefix + BucketErrors.requireName(name);
    }
}
