package org.crjob.engine.jobfiles;

import org.crjob.engine.protocol.CoordinatorException;

/**
 * A coordinator state file could not be read. A {@link CoordinatorException} because to the caller
 * it means the same thing: this job's coordinator cannot be reached; {@link #reason()} says why.
 */
public class StateFileException extends CoordinatorException {

    /** Why the state file could not be used. */
    public enum Reason {
        /** No such file: the coordinator never started, or has cleaned up. */
        MISSING,
        /** Not ours to read: another user's job. */
        UNREADABLE,
        /** There, but not a state file crjob wrote. */
        UNPARSEABLE
    }

    private final Reason reason;

    public StateFileException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
