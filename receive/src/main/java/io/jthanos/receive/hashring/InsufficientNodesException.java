package io.jthanos.receive.hashring;

/** A replica index the hashring cannot serve (Thanos {@code insufficientNodesError}). */
public final class InsufficientNodesException extends Exception {
    public InsufficientNodesException(int have, int want) {
        super("insufficient nodes; have " + have + ", want " + want, null, false, false);
    }
}
