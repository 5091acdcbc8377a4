package io.jthanos.store.gateway;

import io.jthanos.store.StoreException;
import io.jthanos.tsdb.encoding.CorruptBlockException;
import java.io.IOException;

/** Maps failures of block reads to {@link StoreException}s that keep the cause's message. */
final class Errors {
    private Errors() {}

    static StoreException wrap(String what, Throwable e) {
        if (e instanceof StoreException s) {
            return s;
        }
        StoreException.Code code;
        if (e instanceof CorruptBlockException) {
            code = StoreException.Code.INTERNAL;
        } else if (e instanceof IOException) {
            code = StoreException.Code.UNAVAILABLE;
        } else if (e instanceof InterruptedException) {
            code = StoreException.Code.CANCELLED;
        } else {
            code = StoreException.Code.INTERNAL;
        }
        return new StoreException(code, what + ": " + e.getMessage(), e);
    }
}
