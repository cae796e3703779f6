package org.crjob.engine.coordinator;

/** The coordinator will not do what was asked in its present state; the message says why. */
public class RequestRefusedException extends RuntimeException {
    public RequestRefusedException(String message) {
        super(message);
    }
}
