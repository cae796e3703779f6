package org.crjob.slurm;

import org.crjob.failure.UnexpectedStateException;

/** A command that needs a Slurm job ran outside one. */
public class NotInSlurmJobException extends UnexpectedStateException {
    public NotInSlurmJobException() {
        super("not inside a Slurm job (SLURM_JOB_ID is not set): run this from an sbatch script (from a login"
                + " node, checkpoint, status, interval and quit take --job JOBID)");
    }

    /** @param message what needs the job, and where it runs instead */
    public NotInSlurmJobException(String message) {
        super(message);
    }
}
