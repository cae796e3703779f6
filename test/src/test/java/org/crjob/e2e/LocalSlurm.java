package org.crjob.e2e;

import static org.junit.jupiter.api.Assumptions.abort;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.crjob.process.Command;
import org.crjob.process.CommandException;
import org.crjob.process.CommandResult;
import org.crjob.process.CommandRunner;
import org.crjob.process.ExecCommandRunner;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.JobState;
import org.crjob.slurm.Slurm;

/**
 * The real Slurm the end-to-end tests run against, normally the private one {@code scripts/local-slurm up}
 * starts ({@code scripts/test} does that and exports its SLURM_CONF).
 *
 * <p>Where no Slurm answers, the tests are skipped with a message saying how to get one, unless
 * {@code CRJOB_REQUIRE_SLURM=1} (set by scripts/test, so CI) makes that a failure: a test run that was
 * meant to reach Slurm must never pass by skipping.
 */
final class LocalSlurm {
    private static final CommandRunner RUNNER = new ExecCommandRunner();
    /** When each job's hold was last moved, by job id. */
    private static final Map<String, Instant> HOLDS_MOVED = new ConcurrentHashMap<>();

    private LocalSlurm() {
    }

    static void require() {
        String problem = problem();
        if (problem == null) {
            return;
        }
        String message = "no Slurm to test against (" + problem + "): run 'scripts/local-slurm up' and "
                + "'eval \"$(scripts/local-slurm env)\"', or run the whole suite with scripts/test";
        if ("1".equals(System.getenv("CRJOB_REQUIRE_SLURM"))) {
            throw new IllegalStateException(message);
        }
        abort(message);
    }

    private static String problem() {
        try {
            CommandResult ping = RUNNER.run(Command.of("scontrol", "ping").withTimeout(Duration.ofSeconds(20)));
            if (!ping.succeeded() || !ping.stdout().contains("UP")) {
                return "'scontrol ping' says: " + (ping.stdout() + ping.stderr()).strip();
            }
            return null;
        } catch (CommandException e) {
            return e.getMessage();
        }
    }

    /**
     * What an administrator may do and crjob never relies on: end the ~2 minute hold Slurm puts on a
     * requeued job, so a test does not wait it out. Releases the hold as often as needed until the job runs
     * again (or has ended): a release that lands while Slurm is still finishing the requeue is overwritten by
     * the hold it sets at its end.
     */
    static void releaseUntilRunning(Slurm slurm, String jobId, Duration patience) {
        Awaitility.await().atMost(patience).pollInterval(Duration.ofSeconds(1)).until(() -> {
            JobInfo job = slurm.showJob(jobId);
            releaseRequeueHoldIfHeld(job);
            return job.state() == JobState.RUNNING || job.state().isFinal();
        });
    }

    /**
     * Moves a requeued job's start to 2 s from now, not to now: Slurm revokes the ended run's credential at the
     * requeue, and refuses a run whose credential is dated the same second ("Killing non-startable batch job: Job
     * credential revoked", the job then FAILED); a release 0.3 s after the requeue made exactly that. Moved again only
     * 5 s later if still held (Slurm may set its own hold over ours as it finishes the requeue), never every poll: the
     * job's StartTime is the scheduler's guess, not the hold, and moving the hold each second kept the job waiting.
     */
    static void releaseRequeueHoldIfHeld(JobInfo job) {
        if (job.state() != JobState.PENDING || !"BeginTime".equals(job.reason())) {
            return;
        }
        Instant now = Instant.now();
        Instant last = HOLDS_MOVED.get(job.jobId());
        if (last != null && last.plusSeconds(5).isAfter(now)) {
            return;
        }
        HOLDS_MOVED.put(job.jobId(), now);
        CommandResult moved = RUNNER.run(Command.of("scontrol", "update", "JobId=" + job.jobId(), "StartTime=now+2"));
        // the job may start between the read above and this update: then there is nothing left to release
        if (!moved.succeeded() && !moved.stderr().contains("no longer pending")) {
            moved.orThrow();
        }
    }
}
