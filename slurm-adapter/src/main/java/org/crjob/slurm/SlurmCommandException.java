package org.crjob.slurm;

import org.crjob.failure.CrjobException;
import org.crjob.process.CommandException;

/**
 * A Slurm command failed, timed out or could not be run. The message names what crjob was doing,
 * the command line, and Slurm's own words from stderr.
 */
public class SlurmCommandException extends CrjobException {

    public SlurmCommandException(String action, CommandException cause) {
        super(Kind.SLURM_FAILED, action + " failed: " + cause.getMessage(), cause);
    }

    /** Slurm's own error text (stderr), empty when there was none. */
    public String slurmMessage() {
        return ((CommandException) getCause()).stderr();
    }
}
