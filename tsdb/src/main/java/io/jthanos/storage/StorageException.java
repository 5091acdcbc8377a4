package io.jthanos.storage;

/** A failure while reading or writing through the storage interfaces that is not plain I/O. */
public class StorageException extends RuntimeException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
