package org.crjob.slurm;

import org.crjob.posix.Signal;

/**
 * Everything crjob asks of Slurm. The one implementation, {@link SlurmCommands}, runs the real client
 * commands; nothing else in crjob runs a Slurm command.
 *
 * <p>Every method throws {@link SlurmCommandException} (naming the command line and carrying Slurm's
 * own message) when Slurm refuses or does not answer in time.
 */
public interface Slurm {

    /** {@code scontrol show job}: the job's fields as the controller has them now. */
    JobInfo showJob(String jobId);

    /** Writes the job's Comment field (crjob keeps the remaining time budget there). */
    void updateComment(String jobId, String comment);

    /** Sets the job's TimeLimit. A user may only lower it; raising it needs an administrator. */
    void updateTimeLimit(String jobId, SlurmTime limit);

    /** {@code scontrol requeue}: ends this run and puts the job back in the queue under the same id. */
    void requeue(String jobId);

    /** {@code sbatch --parsable}: submits and returns the new job's id. */
    String submit(SubmitRequest request);

    /** {@code scancel --signal}: delivers a signal without ending the job. */
    void signal(String jobId, Signal signal, SignalTarget target);

    /** {@code scancel}: ends the job. */
    void cancel(String jobId);
}
