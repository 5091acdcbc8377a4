package io.jthanos.receive.hashring;

/** No hashring entry serves the tenant (and there is no default entry). */
public final class NoMatchingHashringException extends Exception {
    public NoMatchingHashringException(String tenant) {
        super("no matching hashring to handle tenant " + tenant, null, false, false);
    }
}
