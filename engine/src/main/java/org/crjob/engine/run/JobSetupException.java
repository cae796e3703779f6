package org.crjob.engine.run;

import org.crjob.failure.InvalidValueException;

/** The job was submitted in a way that crjob run cannot work with; the message says what to change. */
public final class JobSetupException extends InvalidValueException {
    public JobSetupException(String message) {
        super(message);
    }
}
