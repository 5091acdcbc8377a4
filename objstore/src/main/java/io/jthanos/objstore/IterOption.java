package io.jthanos.objstore;

/** Options of {@link BucketReader#iter}. */
public enum IterOption {
    /** Visit every object below the directory instead of its direct entries. */
    RECURSIVE;

    static boolean recursive(IterOption... options) {
        for (IterOption option : options) {
            if (option == RECURSIVE) {
                return true;
            }
        }
        return false;
    }

    /** Returns whether {@code options} contain {@link #RECURSIVE}. */
    public static boolean isRecursive(IterOption... options) {
        return recursive(options);
    }
}
