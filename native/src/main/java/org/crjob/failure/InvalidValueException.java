package org.crjob.failure;

/** A value the user gave is wrong: the message names it and says what is accepted. */
public class InvalidValueException extends CrjobException {

    private static final long serialVersionUID = 1L;

    public InvalidValueException(String message) {
        super(Kind.BAD_USAGE, message);
    }

    public InvalidValueException(String message, Throwable cause) {
        super(Kind.BAD_USAGE, message, cause);
    }
}
