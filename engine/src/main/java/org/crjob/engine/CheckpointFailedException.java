package org.crjob.engine;

import org.crjob.failure.CrjobException;

/** A checkpoint did not complete. The previous generation, if any, is still the one a restart uses. */
public class CheckpointFailedException extends CrjobException {
    public CheckpointFailedException(String message) {
        super(Kind.CHECKPOINT_FAILED, message);
    }

    public CheckpointFailedException(String message, Throwable cause) {
        super(Kind.CHECKPOINT_FAILED, message, cause);
    }
}
