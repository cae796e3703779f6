package org.crjob.failure;

/** The world is not in the state the command needs: the message says what was found and what to do about it. */
public class UnexpectedStateException extends CrjobException {

    private static final long serialVersionUID = 1L;

    public UnexpectedStateException(String message) {
        super(Kind.UNEXPECTED_STATE, message);
    }

    public UnexpectedStateException(String message, Throwable cause) {
        super(Kind.UNEXPECTED_STATE, message, cause);
    }
}
