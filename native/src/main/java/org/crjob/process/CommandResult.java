package org.crjob.process;

import java.time.Duration;

/** What a finished command left: its exit code and everything it printed. */
public record CommandResult(Command command, int exitCode, String stdout, String stderr, Duration elapsed) {

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** This result, or a {@link CommandFailedException} naming the command, its exit code and stderr. */
    public CommandResult orThrow() {
        if (!succeeded()) {
            throw new CommandFailedException(this);
        }
        return this;
    }
}
