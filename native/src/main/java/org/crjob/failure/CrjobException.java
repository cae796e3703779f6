package org.crjob.failure;

/**
 * A failure crjob expected: the user's mistake, a state of the world the user must fix, or a tool crjob drives that
 * failed. Its message says what was wrong, with the offending value, and what to do; the CLI prints it as one line
 * and exits with the code of its {@link Kind}. What is not a {@code CrjobException} (an
 * {@link IllegalArgumentException}, an {@link IllegalStateException}, a {@link NullPointerException}, ...) is a bug
 * of crjob's, which the CLI reports as an internal error.
 */
public abstract class CrjobException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, as far as the user is concerned; the CLI's exit code follows from it. */
    public enum Kind {
        /** The command failed for a reason of the application's (it made no progress, ...). */
        FAILED,
        /** A value the user gave (an option, a job spec, an argument) is wrong. */
        BAD_USAGE,
        /** The world is not in the state the command needs (no job, no coordinator, no checkpoint, ...). */
        UNEXPECTED_STATE,
        /** A Slurm command failed or timed out. */
        SLURM_FAILED,
        /** Taking, storing or restoring a checkpoint failed. */
        CHECKPOINT_FAILED,
        /** crjob's own installation is broken (a file of its jar is missing): the user reinstalls it. */
        BROKEN_INSTALLATION
    }

    private final Kind kind;

    protected CrjobException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    protected CrjobException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public final Kind kind() {
        return kind;
    }
}
