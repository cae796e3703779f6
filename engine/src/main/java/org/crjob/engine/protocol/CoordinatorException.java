package org.crjob.engine.protocol;

import org.crjob.failure.UnexpectedStateException;

/**
 * A command could not be delivered to a job's coordinator, or came back refused. The subclasses say
 * which; this class itself is thrown when the peer answered something that is not a coordinator reply.
 * Every message names the coordinator's host:port and says what to check.
 */
public class CoordinatorException extends UnexpectedStateException {

    public CoordinatorException(String message) {
        super(message);
    }

    public CoordinatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
