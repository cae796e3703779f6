package org.crjob.failure;

/** The command could not do what was asked for a reason its message gives (a file in the way, ...): exit 1. */
public final class FailedException extends CrjobException {

    private static final long serialVersionUID = 1L;

    public FailedException(String message) {
        super(Kind.FAILED, message);
    }
}
