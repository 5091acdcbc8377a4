package io.jthanos.objstore;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@link BucketReader#attributes} reports about an object.
 *
 * @param size the object's size in bytes
 * @param lastModified when the object was last written, at the provider's precision (S3: seconds)
 */
public record ObjectAttributes(long size, Instant lastModified) {
    public ObjectAttributes {
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        Objects.requireNonNull(lastModified, "lastModified");
    }
}
