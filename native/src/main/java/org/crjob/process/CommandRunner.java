package org.crjob.process;

/**
 * Runs external commands. The one place crjob starts a short-lived process; every tool adapter
 * (Slurm, DMTCP) goes through it so each call has a timeout and each failure carries its stderr.
 */
public interface CommandRunner {

    /**
     * Runs the command to its end and returns what it left, whatever its exit code.
     *
     * @throws CommandTimedOutException when it runs past its timeout (it is killed first)
     * @throws CommandNotStartedException when it cannot be started
     */
    CommandResult run(Command command);

    /** Like {@link #run} but a non-zero exit is a {@link CommandFailedException}. */
    default CommandResult runChecked(Command command) {
        return run(command).orThrow();
    }
}
