package io.jthanos.objstore.config;

/**
 * A user error in an {@code objstore.yml}: its message is one line that names the file (or flag) and
 * the offending key or value, fit to print as-is without a stack trace.
 */
public class ObjstoreConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ObjstoreConfigException(String message) {
        super(message);
    }

    public ObjstoreConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
