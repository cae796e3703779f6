package org.crjob.engine.coordinator;

import org.crjob.failure.UnexpectedStateException;

/** The coordinator will not do what was asked in its present state; the message says why. */
public class RequestRefusedException extends UnexpectedStateException {
    public RequestRefusedException(String message) {
        super(message);
    }
}
