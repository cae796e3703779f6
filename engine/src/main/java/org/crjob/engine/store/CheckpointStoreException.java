package org.crjob.engine.store;

import org.crjob.failure.CrjobException;

/**
 * The checkpoint store could not do what was asked. The message says what failed on which file,
 * what state the store is left in, and what to do.
 */
public class CheckpointStoreException extends CrjobException {

    public CheckpointStoreException(String message, Throwable cause) {
        super(Kind.CHECKPOINT_FAILED, message, cause);
    }

    public CheckpointStoreException(String message) {
        super(Kind.CHECKPOINT_FAILED, message);
    }

    /** For a store failure of another kind than a failed checkpoint (the store is another job's). */
    protected CheckpointStoreException(Kind kind, String message) {
        super(kind, message);
    }
}
