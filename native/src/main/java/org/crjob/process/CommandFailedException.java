package org.crjob.process;

/** The command ran and exited non-zero. */
public class CommandFailedException extends CommandException {
    private final transient CommandResult result;

    public CommandFailedException(CommandResult result) {
        super(result.command(), result.stderr(),
                withStderr("'" + result.command().display() + "' exited with " + result.exitCode(), result.stderr()),
                null);
        this.result = result;
    }

    public CommandResult result() {
        return result;
    }

    public int exitCode() {
        return result.exitCode();
    }
}
