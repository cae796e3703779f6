package org.crjob.engine.protocol;

/**
 * Connected, but the connection ended before a reply: the coordinator exited or crashed while
 * working on the command. After {@code quit} or {@code kill} this may well mean it did what was asked.
 */
public class CoordinatorConnectionLostException extends CoordinatorException {

    public CoordinatorConnectionLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
