package org.crjob.process;

/** The command ran past its time limit and was killed. */
public class CommandTimedOutException extends CommandException {
    public CommandTimedOutException(Command command, String stderr) {
        super(command, stderr,
                withStderr("'" + command.display() + "' did not finish within "
                        + command.timeout().toSeconds() + " s and was killed", stderr),
                null);
    }
}
