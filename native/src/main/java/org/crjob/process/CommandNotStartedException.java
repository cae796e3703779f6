package org.crjob.process;

import java.io.IOException;

/** The command could not be started at all: most often the program is not installed or not on PATH. */
public class CommandNotStartedException extends CommandException {
    public CommandNotStartedException(Command command, IOException cause) {
        super(command, "", "cannot run '" + command.program() + "' (" + command.display() + "): "
                + cause.getMessage() + "; is it installed and on PATH?", cause);
    }
}
