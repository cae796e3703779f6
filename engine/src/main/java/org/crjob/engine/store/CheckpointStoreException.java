package org.crjob.engine.store;

/**
 * The checkpoint store could not do what was asked. The message says what failed on which file,
 * what state the store is left in, and what to do.
 */
public class CheckpointStoreException extends RuntimeException {

    public CheckpointStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public CheckpointStoreException(String message) {
        super(message);
    }
}
