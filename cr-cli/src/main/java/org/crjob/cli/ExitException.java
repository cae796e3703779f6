package org.crjob.cli;

/**
 * A failure the user should see as one line, {@code crjob: <message>}, ending the command with a chosen
 * {@link ExitCode}. Throw it from a command when the cause is known and the message says what to do; the
 * stack trace is shown only with {@code --verbose}.
 */
public class ExitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public ExitException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public ExitException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The status the command ends with, one of {@link ExitCode}. */
    public int exitCode() {
        return exitCode;
    }
}
