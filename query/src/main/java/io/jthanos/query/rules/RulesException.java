package io.jthanos.query.rules;

/** Rules could not be fetched; the message names the source and the cause. */
public final class RulesException extends RuntimeException {
    public RulesException(String message, Throwable cause) {
        super(message, cause);
    }
}
