package io.jthanos.objstore;

import java.io.IOException;

/** Builds error messages in one shape: {@code get_range bucket=b key=01H.../index: detail}. */
public final class BucketErrors {
    private BucketErrors() {}

    /** The prefix naming operation, bucket and key, e.g. {@code get bucket=b key=k}. */
    public static String describe(BucketOperation operation, String bucket, String key) {
        StringBuilder sb = new StringBuilder(operation.label()).append(" bucket=").append(bucket);
        if (key != null) {
            sb.append(" key=").append(key);
        }
        return sb.toString();
    }

    /** An {@link IOException} whose message names the operation, bucket and key, then {@code detail}. */
    public static IOException error(BucketOperation operation, String bucket, String key, String detail, Throwable cause) {
        return new IOException(describe(operation, bucket, key) + ": " + detail, cause);
    }

    /** Rejects the empty object name, which no provider accepts. */
    public static String requireName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("object name is empty");
        }
        return name;
    }

    /** Validates a range as documented on {@link BucketReader#getRange}. */
    public static void requireRange(long offset, long length) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        if (length < -1) {
            throw new IllegalArgumentException("length must be -1 (to the end) or >= 0, got " + length);
        }
    }
}
