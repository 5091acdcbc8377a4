package io.jthanos.objstore.filesystem;

import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.BucketErrors;
import io.jthanos.objstore.BucketOperation;
import io.jthanos.objstore.IterOption;
import io.jthanos.objstore.NameVisitor;
import io.jthanos.objstore.ObjectAttributes;
import io.jthanos.objstore.ObjectNames;
import io.jthanos.objstore.ObjectNotFoundException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A bucket in a local directory, Thanos's {@code FILESYSTEM} provider: object {@code a/b} is the file
 * {@code <directory>/a/b}, so a Thanos filesystem bucket and this one are interchangeable.
 *
 * <p>An upload writes a temporary file under {@value #TMP_DIR} in the root, forces it to disk, renames
 * it into place atomically and forces the parent directory, so a reader (or a crash) never sees a
 * partial object. Iteration never reports {@value #TMP_DIR}. Deleting the last object of a directory
 * removes the directories it leaves empty, as Thanos does. Symbolic links are not followed.
 */
public final class FilesystemBucket implements Bucket {
    /** Root-level directory holding uploads in progress; never reported by {@link #iter}. */
    public static final String TMP_DIR = ".jthanos-uploads";

    private static final int BUFFER = 64 * 1024;

    private final Path root;
    private final Path tmpDir;
    private final String name;

    /** Opens (and creates if missing) a bucket rooted at {@code directory}. */
    public FilesystemBucket(Path directory) throws IOException {
        this.root = directory.toAbsolutePath().normalize();
        this.tmpDir = root.resolve(TMP_DIR);
        this.name = "fs: " + root;
        Files.createDirectories(root);
    }

    /** The bucket's root directory. */
    public Path root() {
        return root;
    }

    @Override
    public void iter(String dir, NameVisitor visitor, IterOption... options) throws IOException {
        String prefix = ObjectNames.dirPrefix(dir);
        Path start = prefix.isEmpty() ? root : resolve(BucketOperation.ITER, prefix);
        List<String> names = new ArrayList<>();
        try {
            collect(start, prefix, IterOption.isRecursive(options), names);
        } catch (IOException e) {
            throw BucketErrors.error(BucketOperation.ITER, name, prefix, e.toString(), e);
        }
        for (String n : names) {
            visitor.visit(n);
        }
    }

    private void collect(Path dir, String prefix, boolean recursive, List<String> out) throws IOException {
        List<String> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path child : stream) {
                String fileName = child.getFileName().toString();
                if (dir.equals(root) && fileName.equals(TMP_DIR)) {
                    continue;
                }
                BasicFileAttributes attrs = readAttributes(child);
                if (attrs == null) {
                    continue; // deleted concurrently
                }
                if (attrs.isDirectory()) {
                    if (!isEmpty(child)) {
                        entries.add(fileName + ObjectNames.DELIMITER);
                    }
                } else if (attrs.isRegularFile()) {
                    entries.add(fileName);
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return;
        }
        // Sorting "dir/" entries among files makes the depth-first walk emit names in global order.
        entries.sort(ObjectNames.ORDER);
        for (String entry : entries) {
            if (recursive && entry.endsWith(ObjectNames.DELIMITER)) {
                collect(dir.resolve(entry.substring(0, entry.length() - 1)), prefix + entry, true, out);
            } else {
                out.add(prefix + entry);
            }
        }
    }

    @Override
    public InputStream get(String key) throws IOException {
        return open(BucketOperation.GET, key, 0, -1);
    }

    @Override
    public InputStream getRange(String key, long offset, long length) throws IOException {
        BucketErrors.requireRange(offset, length);
        return open(BucketOperation.GET_RANGE, key, offset, length);
    }

    private InputStream open(BucketOperation op, String key, long offset, long length) throws IOException {
        Path file = resolve(op, key);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(op, name, key);
        } catch (IOException e) {
            if (Files.isDirectory(file)) {
                throw new ObjectNotFoundException(op, name, key);
            }
            throw BucketErrors.error(op, name, key, e.toString(), e);
        }
        try {
            if (Files.isDirectory(file)) {
                throw new ObjectNotFoundException(op, name, key);
            }
            long size = channel.size();
            long start = Math.min(offset, size);
            long end = length == -1 ? size : Math.min(size, start + length);
            channel.position(start);
            return new BoundedInputStream(Channels.newInputStream(channel), end - start);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        return Files.isRegularFile(resolve(BucketOperation.EXISTS, key));
    }

    @Override
    public ObjectAttributes attributes(String key) throws IOException {
        BasicFileAttributes attrs = readAttributes(resolve(BucketOperation.ATTRIBUTES, key));
        if (attrs == null || !attrs.isRegularFile()) {
            throw new ObjectNotFoundException(BucketOperation.ATTRIBUTES, name, key);
        }
        return new ObjectAttributes(attrs.size(), attrs.lastModifiedTime().toInstant());
    }

    @Override
    public void upload(String key, InputStream content, long length) throws IOException {
        Path target = resolve(BucketOperation.UPLOAD, key);
        Files.createDirectories(tmpDir);
        Path tmp = tmpDir.resolve(UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(channel);
                long written = copy(content, out, length);
                if (length != UNKNOWN_LENGTH && written < length) {
                    throw new EOFException("stream ended after " + written + " of " + length + " bytes");
                }
                channel.force(true);
            }
            moveIntoPlace(tmp, target);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw BucketErrors.error(BucketOperation.UPLOAD, name, key, e.toString(), e);
        } catch (RuntimeException | Error e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private static long copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        while (length == UNKNOWN_LENGTH || total < length) {
            int want = length == UNKNOWN_LENGTH ? buffer.length : (int) Math.min(buffer.length, length - total);
            int n = in.read(buffer, 0, want);
            if (n < 0) {
                break;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new java.io.InterruptedIOException("upload interrupted");
            }
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    private void moveIntoPlace(Path tmp, Path target) throws IOException {
        // A concurrent delete may remove the (then empty) parent between creating and renaming.
        for (int attempt = 0; ; attempt++) {
            Files.createDirectories(target.getParent());
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                break;
            } catch (NoSuchFileException e) {
                if (attempt >= 10) {
                    throw e;
                }
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the filesystem under " + root + " cannot rename atomically", e);
            }
        }
        syncDirectory(target.getParent());
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms cannot open or sync directories; the rename itself is still atomic.
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Path file = resolve(BucketOperation.DELETE, key);
        BasicFileAttributes attrs = readAttributes(file);
        if (attrs == null || attrs.isDirectory()) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw BucketErrors.error(BucketOperation.DELETE, name, key, e.toString(), e);
        }
        for (Path dir = file.getParent(); dir != null && !dir.equals(root) && dir.startsWith(root); dir = dir.getParent()) {
            try {
                Files.delete(dir);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                break;
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {}

    private Path resolve(BucketOperation op, String key) {
        BucketErrors.requireName(key);
        Path path;
        try {
            path = root.resolve(key).normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(BucketErrors.describe(op, name, key) + ": invalid object name", e);
        }
        if (!path.startsWith(root) || path.equals(root) || path.startsWith(tmpDir)) {
            throw new IllegalArgumentException(BucketErrors.describe(op, name, key) + ": object name escapes the bucket directory");
        }
        return path;
    }

    private static BasicFileAttributes readAttributes(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            return !stream.iterator().hasNext();
        } catch (NoSuchFileException e) {
            return true;
        }
    }
}
