package org.crjob.engine;

/** A checkpoint did not complete. The previous generation, if any, is still the one a restart uses. */
public class CheckpointFailedException extends RuntimeException {
    public CheckpointFailedException(String message) {
        super(message);
    }

    public CheckpointFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
