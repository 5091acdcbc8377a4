package io.jthanos.objstore;

import java.io.IOException;

/** Thrown when the object read does not exist; see {@link BucketReader#isObjectNotFound}. */
public class ObjectNotFoundException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String key;

    /** Creates the exception for {@code operation} on {@code key} in {@code bucket}. */
    public ObjectNotFoundException(BucketOperation operation, String bucket, String key) {
        super(BucketErrors.describe(operation, bucket, key) + ": object not found");
        this.key = key;
    }

    /** The name of the missing object. */
    public String key() {
        return key;
    }

    /** Returns whether {@code error} or one of its causes is an {@link ObjectNotFoundException}. */
    public static boolean isNotFound(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ObjectNotFoundException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
