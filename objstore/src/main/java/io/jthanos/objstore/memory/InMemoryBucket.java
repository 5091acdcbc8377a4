package io.jthanos.objstore.memory;

import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.BucketErrors;
import io.jthanos.objstore.BucketOperation;
import io.jthanos.objstore.IterOption;
import io.jthanos.objstore.NameVisitor;
import io.jthanos.objstore.ObjectAttributes;
import io.jthanos.objstore.ObjectNames;
import io.jthanos.objstore.ObjectNotFoundException;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A bucket held in memory, for tests (of this and other modules). Objects are immutable byte arrays;
 * uploads replace them atomically. Iteration sees a weakly consistent snapshot.
 */
public final class InMemoryBucket implements Bucket {
    private record Entry(byte[] data, Instant lastModified) {}

    private final String name;
    private final Clock clock;
    private final ConcurrentSkipListMap<String, Entry> objects = new ConcurrentSkipListMap<>(ObjectNames.ORDER);

    /** An empty bucket called {@code inmem}. */
    public InMemoryBucket() {
        this("inmem", Clock.systemUTC());
    }

    /** An empty bucket with the given name, stamping objects with {@code clock}. */
    public InMemoryBucket(String name, Clock clock) {
        this.name = name;
        this.clock = clock;
    }

    @Override
    public void iter(String dir, NameVisitor visitor, IterOption... options) throws IOException {
        String prefix = ObjectNames.dirPrefix(dir);
        boolean recursive = IterOption.isRecursive(options);
        List<String> names = new ArrayList<>();
        String lastDir = null;
        for (String key : tail(prefix).keySet()) {
            if (!key.startsWith(prefix)) {
                break;
            }
            int slash = key.indexOf('/', prefix.length());
            if (recursive || slash < 0) {
                names.add(key);
            } else {
                String subDir = key.substring(0, slash + 1);
                if (!subDir.equals(lastDir)) {
                    names.add(subDir);
                    lastDir = subDir;
                }
            }
        }
        for (String n : names) {
            visitor.visit(n);
        }
    }

    private NavigableMap<String, Entry> tail(String prefix) {
        return prefix.isEmpty() ? objects : objects.tailMap(prefix, true);
    }

    @Override
    public InputStream get(String key) throws IOException {
        return new ByteArrayInputStream(entry(BucketOperation.GET, key).data());
    }

    @Override
    public InputStream getRange(String key, long offset, long length) throws IOException {
        BucketErrors.requireRange(offset, length);
        byte[] data = entry(BucketOperation.GET_RANGE, key).data();
        int from = (int) Math.min(offset, data.length);
        int to = length == -1 ? data.length : (int) Math.min(data.length, from + Math.min(length, Integer.MAX_VALUE));
        return new ByteArrayInputStream(data, from, to - from);
    }

    @Override
    public boolean exists(String key) {
        return objects.containsKey(BucketErrors.requireName(key));
    }

    @Override
    public ObjectAttributes attributes(String key) throws IOException {
        Entry e = entry(BucketOperation.ATTRIBUTES, key);
        return new ObjectAttributes(e.data().length, e.lastModified());
    }

    @Override
    public void upload(String key, InputStream content, long length) throws IOException {
        BucketErrors.requireName(key);
        byte[] data = length == UNKNOWN_LENGTH ? content.readAllBytes() : content.readNBytes(Math.toIntExact(length));
        if (length != UNKNOWN_LENGTH && data.length < length) {
            throw new EOFException(BucketErrors.describe(BucketOperation.UPLOAD, name, key)
                    + ": stream ended after " + data.length + " of " + length + " bytes");
        }
        objects.put(key, new Entry(data, clock.instant()));
    }

    @Override
    public void delete(String key) {
        objects.remove(BucketErrors.requireName(key));
    }

    /** A copy of all objects, by name; for assertions in tests. */
    public Map<String, byte[]> objects() {
        Map<String, byte[]> copy = new java.util.TreeMap<>(ObjectNames.ORDER);
        objects.forEach((k, v) -> copy.put(k, v.data().clone()));
        return copy;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {}

    private Entry entry(BucketOperation op, String key) throws ObjectNotFoundException {
        Entry e = objects.get(BucketErrors.requireName(key));
        if (e == null) {
            throw new ObjectNotFoundException(op, name, key);
        }
        return e;
    }
}
