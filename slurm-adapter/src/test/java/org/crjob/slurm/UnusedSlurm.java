package org.crjob.slurm;

import java.time.Duration;
import java.util.List;
import org.crjob.posix.Signal;
import org.crjob.process.CommandResult;

/**
 * A {@link Slurm} for unit tests of one piece of logic: every call fails as "not used by this test" unless the
 * test's subclass answers it ({@link RecordingSlurm} answers the calls a requeue makes). Anything that reaches
 * the real controller is tested end to end in test/. Shared with engine's and cr-cli's tests through this
 * module's test-jar.
 */
public abstract class UnusedSlurm implements Slurm {

    private static AssertionError unused(String call) {
        return new AssertionError(call + " is not used by this test");
    }

    @Override
    public JobInfo showJob(String jobId) {
        throw unused("showJob");
    }

    @Override
    public List<QueuedJob> myJobs(boolean withEnded) {
        throw unused("myJobs");
    }

    @Override
    public void updateComment(String jobId, String comment) {
        throw unused("updateComment");
    }

    @Override
    public void updateTimeLimit(String jobId, SlurmTime limit) {
        throw unused("updateTimeLimit");
    }

    @Override
    public void requeue(String jobId) {
        throw unused("requeue");
    }

    @Override
    public String batchScript(String jobId) {
        throw unused("batchScript");
    }

    @Override
    public String submit(SubmitRequest request) {
        throw unused("submit");
    }

    @Override
    public void signal(String jobId, Signal signal, SignalTarget target) {
        throw unused("signal");
    }

    @Override
    public void cancel(String jobId) {
        throw unused("cancel");
    }

    @Override
    public CommandResult runOnJobNode(String jobId, List<String> argv, Duration timeout) {
        throw unused("runOnJobNode");
    }
}
