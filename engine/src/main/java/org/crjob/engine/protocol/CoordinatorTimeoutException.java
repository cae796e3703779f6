package org.crjob.engine.protocol;

import java.time.Duration;

/** Connected and sent, but no reply within the caller's timeout. The command may still be running. */
public class CoordinatorTimeoutException extends CoordinatorException {

    private final String command;
    private final Duration timeout;

    public CoordinatorTimeoutException(String message, String command, Duration timeout, Throwable cause) {
        super(message, cause);
        this.command = command;
        this.timeout = timeout;
    }

    public String command() {
        return command;
    }

    public Duration timeout() {
        return timeout;
    }
}
