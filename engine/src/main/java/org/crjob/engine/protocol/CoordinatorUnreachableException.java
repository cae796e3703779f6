package org.crjob.engine.protocol;

/** No connection: refused, timed out, no route, or the host name does not resolve. */
public class CoordinatorUnreachableException extends CoordinatorException {

    public CoordinatorUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
