package org.crjob.slurm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.crjob.process.Command;
import org.crjob.process.CommandFailedException;
import org.crjob.process.CommandResult;

/**
 * A stand-in Slurm that answers {@code scontrol show job} with {@link #job} and records what a command changes:
 * {@code comment C}, {@code limit L}, {@code requeue}, in order. Any other call fails the test.
 */
public class RecordingSlurm extends UnusedSlurm {
    /** What {@code showJob} answers, for any job id (read from the threads of the code under test). */
    public volatile JobInfo job;
    /** Setting the TimeLimit fails as scontrol does when Slurm refuses it. */
    public volatile boolean failLimit;
    public final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    @Override
    public JobInfo showJob(String jobId) {
        return job;
    }

    @Override
    public void updateComment(String jobId, String comment) {
        calls.add("comment " + comment);
    }

    @Override
    public void updateTimeLimit(String jobId, SlurmTime limit) {
        if (failLimit) {
            Command command = Command.of("scontrol", "update", "JobId=" + jobId, "TimeLimit=" + limit.format());
            throw new SlurmCommandException("setting the TimeLimit of job " + jobId, new CommandFailedException(
                    new CommandResult(command, 1, "", "Invalid time-min specification", Duration.ZERO)));
        }
        calls.add("limit " + limit.format());
    }

    @Override
    public void requeue(String jobId) {
        calls.add("requeue");
    }
}
