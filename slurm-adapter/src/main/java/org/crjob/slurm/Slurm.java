package org.crjob.slurm;

import java.time.Duration;
import java.util.List;
import org.crjob.posix.Signal;
import org.crjob.process.CommandResult;

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

    /**
     * {@code squeue --me}: the user's jobs in one call, pending and running ones (and those completing), or with
     * {@code withEnded} also those that ended and that Slurm still remembers ({@code --states=all}).
     */
    List<QueuedJob> myJobs(boolean withEnded);

    /** Writes the job's Comment field (crjob keeps the remaining time budget there). */
    void updateComment(String jobId, String comment);

    /** Sets the job's TimeLimit. A user may only lower it; raising it needs an administrator. */
    void updateTimeLimit(String jobId, SlurmTime limit);

    /** {@code scontrol requeue}: ends this run and puts the job back in the queue under the same id. */
    void requeue(String jobId);

    /**
     * The job's batch script as Slurm keeps it ({@code scontrol write batch_script JOBID -}), to check its
     * {@code #SBATCH} options.
     */
    String batchScript(String jobId);

    /** {@code sbatch --parsable}: submits and returns the new job's id. */
    String submit(SubmitRequest request);

    /** {@code scancel --signal}: delivers a signal without ending the job. */
    void signal(String jobId, Signal signal, SignalTarget target);

    /** {@code scancel}: ends the job. */
    void cancel(String jobId);

    /**
     * {@code srun --overlap --jobid=ID --nodes=1 --ntasks=1 --quiet ARGV...}: runs one command on the job's
     * (first) node, inside its allocation and next to its running steps, with this process's environment
     * and working directory. For what cannot be done from where the user is, e.g. reach a coordinator
     * that listens on a node the login node cannot reach.
     *
     * @return what the command left, whatever its exit code, so the caller can relay it; srun's own line
     *     repeating a non-zero exit code ({@code srun: error: NODE: task 0: Exited with exit code N}) is left
     *     out of its stderr, the exit code says it
     * @throws SlurmCommandException when srun could not run the command on the node (the job is not
     *     running, no srun, ...), with srun's own message; {@link UnknownJobException} when Slurm does not
     *     know the job; also when the command runs past {@code timeout}
     */
    CommandResult runOnJobNode(String jobId, List<String> argv, Duration timeout);

    /**
     * The same Slurm, retrying its commands against a slow controller as {@code retry} says (with its lines in the
     * job log). One that runs no Slurm command (a test's stand-in) has nothing to retry and is returned as it is.
     */
    default Slurm retrying(SlurmRetry retry) {
        return this;
    }
}
