package io.jthanos.ruler.upload;

import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.IterOption;
import io.jthanos.objstore.NameVisitor;
import io.jthanos.objstore.ObjectAttributes;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A bucket wrapper that records uploaded names in order and fails uploads whose name matches {@link #failUploads}. */
final class RecordingBucket implements Bucket {
    final Bucket delegate;
    final List<String> uploads = new CopyOnWriteArrayList<>();
    final List<String> deletes = new CopyOnWriteArrayList<>();
    volatile Predicate<String> failUploads = name -> false;

    RecordingBucket(Bucket delegate) {
        this.delegate = delegate;
    }

    @Override
    public void upload(String name, InputStream content, long length) throws IOException {
        if (failUploads.test(name)) {
            throw new IOException("injected failure uploading " + name);
        }
        delegate.upload(name, content, length);
        uploads.add(name);
    }

    @Override
    public void delete(String name) throws IOException {
        delegate.delete(name);
        deletes.add(name);
    }

    @Override
    public void iter(String dir, NameVisitor visitor, IterOption... options) throws IOException {
        delegate.iter(dir, visitor, options);
    }

    @Override
    public InputStream get(String name) throws IOException {
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
