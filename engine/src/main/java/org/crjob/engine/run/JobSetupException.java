package org.crjob.engine.run;

/** The job was submitted in a way that crjob run cannot work with; the message says what to change. */
public final class JobSetupException extends IllegalArgumentException {
    public JobSetupException(String message) {
        super(message);
    }
}
