package org.crjob.slurm;

/** A command that needs a Slurm job ran outside one. */
public class NotInSlurmJobException extends IllegalStateException {
    public NotInSlurmJobException() {
        super("not inside a Slurm job (SLURM_JOB_ID is not set): run this from an sbatch script, "
                + "or from a login node name the job with --job JOBID");
    }
}
