package io.jthanos.objstore;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Read and write access to an object-storage bucket (after thanos-io/objstore's {@code Bucket}). Writes
 * are visible to readers as soon as the call returns (strong read-after-write consistency, which
 * Thanos assumes).
 */
public interface Bucket extends BucketReader, Closeable {

    /** Length to pass to {@link #upload(String, InputStream, long)} when the size is not known up front. */
    long UNKNOWN_LENGTH = -1;

    /**
     * Stores the stream's content under {@code name}, replacing any object of that name. The upload is
     * all or nothing: until it returns, readers see the previous object (or none), never a partial
     * one; when it fails or the thread is interrupted, nothing new becomes visible. Uploading the
     * same content twice is harmless.
     *
     * @param length the number of bytes the stream holds, or {@link #UNKNOWN_LENGTH}; when given, a
     *     stream holding fewer bytes fails the upload. The stream is read up to that length and not
     *     closed.
     */
    void upload(String name, InputStream content, long length) throws IOException;

    /** Uploads a byte array; see {@link #upload(String, InputStream, long)}. */
    default void upload(String name, byte[] content) throws IOException {
        upload(name, new ByteArrayInputStream(content), content.length);
    }

    /** Uploads a local file; see {@link #upload(String, InputStream, long)}. */
    default void uploadFile(String name, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            upload(name, in, Files.size(file));
        }
    }

    /**
     * Removes the object with this name. Deleting an object that does not exist is not an error
     * (S3 cannot tell the two apart); directories are never deleted this way.
     */
    void delete(String name) throws IOException;

    /** Releases clients and connections. Further calls fail. */
    @Override
    void close() throws IOException;
}
