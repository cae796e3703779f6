package org.crjob.process;

/** An external command did not do its job. Every subclass names the command line and carries its stderr. */
public abstract class CommandException extends RuntimeException {
    private final transient Command command;
    private final String stderr;

    protected CommandException(Command command, String stderr, String message, Throwable cause) {
        super(message, cause);
        this.command = command;
        this.stderr = stderr == null ? "" : stderr;
    }

    public Command command() {
        return command;
    }

    /** What the command wrote to stderr, trimmed; empty when it wrote nothing or never started. */
    public String stderr() {
        return stderr.strip();
    }

    static String withStderr(String message, String stderr) {
        String trimmed = stderr == null ? "" : stderr.strip();
        return trimmed.isEmpty() ? message : message + ": " + trimmed;
    }
}
