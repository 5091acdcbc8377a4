package io.jthanos.compact;

import java.io.IOException;

/**
 * A compaction error that retrying cannot fix (Thanos's halt error), such as a corrupt source block. With
 * {@code --debug.halt-on-error} the compactor halts on it; without, the process fails with it.
 */
public final class CriticalCompactionException extends IOException {
    public CriticalCompactionException(String message) {
        super(message);
    }
}
