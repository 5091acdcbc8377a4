package io.jthanos.store.gateway.indexheader;

import java.io.IOException;

/**
 * A block's index-header could not be built or opened because the block's {@code index} is missing or corrupt. The
 * block cannot answer until a later sync retries it; the rest of the store can.
 */
public final class IndexHeaderUnavailableException extends IOException {
    IndexHeaderUnavailableException(Throwable cause) {
        super("load index-header: " + cause.getMessage(), cause);
    }
}
