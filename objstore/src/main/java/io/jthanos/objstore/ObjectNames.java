package io.jthanos.objstore;

import java.util.Comparator;

/** Conventions for object names shared by the providers. */
public final class ObjectNames {
    /** The directory delimiter of object names. */
    public static final String DELIMITER = "/";

    /**
     * The order in which {@link BucketReader#iter} reports names: by Unicode code point, which is the
     * order of their UTF-8 bytes and so the order in which S3 lists keys ({@link String#compareTo}
     * differs for characters outside the Basic Multilingual Plane).
     */
    public static final Comparator<String> ORDER = ObjectNames::compare;

    private ObjectNames() {}

    /** Turns an iteration directory into the key prefix it stands for: {@code ""} or {@code "dir/"}. */
    public static String dirPrefix(String dir) {
        if (dir == null || dir.isEmpty()) {
            return "";
        }
        return dir.endsWith(DELIMITER) ? dir : dir + DELIMITER;
    }

    private static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
