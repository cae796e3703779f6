package org.crjob.slurm;

import org.crjob.process.CommandException;

/** Slurm does not know the job: a typo, or a job that ended so long ago the controller forgot it. */
public class UnknownJobException extends SlurmCommandException {
    private final String jobId;

    public UnknownJobException(String jobId, CommandException cause) {
        super("Slurm does not know job '" + jobId + "' (check the id with squeue; a job that ended long ago is"
                + " forgotten by the controller); looking it up", cause);
        this.jobId = jobId;
    }

    public String jobId() {
        return jobId;
    }
}
