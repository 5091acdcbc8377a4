package io.jthanos.storage;

/** Something that accepts samples through {@link Appender}s. */
public interface Appendable {
    /** A new appender; each appender is a transaction used by one thread at a time. */
    Appender appender();
}
