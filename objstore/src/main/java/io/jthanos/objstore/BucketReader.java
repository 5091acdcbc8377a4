package io.jthanos.objstore;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Read access to an object-storage bucket, the read half of {@link Bucket} (after thanos-io/objstore's
 * {@code BucketReader}).
 *
 * <p>Object names use {@code /} as the directory delimiter. A "directory" exists only as the common
 * prefix of object names; empty directories do not exist.
 *
 * <p>Every method may throw {@link ObjectNotFoundException} where documented and {@link IOException}
 * for any other failure; messages name the operation, the bucket and the key. Implementations are
 * thread-safe. Names passed in must be non-empty (else {@link IllegalArgumentException}) except the
 * directory of {@link #iter}, where {@code ""} means the bucket root.
 */
public interface BucketReader {

    /**
     * Visits the entries directly under {@code dir} (or, with {@link IterOption#RECURSIVE}, every object
     * below it), in ascending order of their UTF-8 bytes.
     *
     * <p>{@code dir} may be given with or without a trailing {@code /}; {@code ""} is the root. Each name
     * passed to the visitor is the full object name, including {@code dir}. Without
     * {@code RECURSIVE}, sub-directories are reported once, as their full name ending with {@code /}
     * (e.g. {@code "01H.../chunks/"}); with it, only objects are reported. A directory that does not
     * exist yields no entries and no error. An exception thrown by the visitor stops the iteration and
     * propagates unchanged.
     */
    void iter(String dir, NameVisitor visitor, IterOption... options) throws IOException;

    /** Collects the names {@link #iter} would visit; convenient for small directories and tests. */
    default List<String> list(String dir, IterOption... options) throws IOException {
        List<String> names = new ArrayList<>();
        iter(dir, names::add, options);
        return names;
    }

    /**
     * Opens the whole object for reading. The caller must close the stream.
     *
     * @throws ObjectNotFoundException if no object has that name
     */
    InputStream get(String name) throws IOException;

    /**
     * Opens {@code length} bytes of the object starting at {@code offset}. The caller must close the
     * stream.
     *
     * <ul>
     *   <li>{@code length == -1} reads to the end of the object;</li>
     *   <li>a range reaching past the end is cut at the end (no error);</li>
     *   <li>an {@code offset} at or beyond the end, or {@code length == 0}, yields an empty stream;</li>
     *   <li>a negative {@code offset}, or a {@code length} below -1, is an {@link IllegalArgumentException}.</li>
     * </ul>
     *
     * @throws ObjectNotFoundException if no object has that name, whatever the range
     */
    InputStream getRange(String name, long offset, long length) throws IOException;

    /** Returns whether an object (not a directory) with this name exists. */
    boolean exists(String name) throws IOException;

    /**
     * Returns the size and last-modified time of the object.
     *
     * @throws ObjectNotFoundException if no object has that name
     */
    ObjectAttributes attributes(String name) throws IOException;

    /**
     * Returns whether {@code error}, or one of its causes, means "object not found" (Thanos's
     * {@code IsObjNotFoundErr}). The default checks for {@link ObjectNotFoundException}.
     */
    default boolean isObjectNotFound(Throwable error) {
        return ObjectNotFoundException.isNotFound(error);
    }

    /** The bucket's name, as used in the {@code bucket} label of metrics and in error messages. */
    String name();
}
