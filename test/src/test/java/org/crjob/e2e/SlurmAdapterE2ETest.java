package org.crjob.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.crjob.posix.Signal;
import org.crjob.slurm.Dependency;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.JobState;
import org.crjob.slurm.Slurm;
import org.crjob.slurm.SlurmTime;
import org.crjob.slurm.SignalTarget;
import org.crjob.slurm.SubmitRequest;
import org.crjob.slurm.UnknownJobException;
import org.junit.jupiter.api.Test;

/** The Slurm adapter against a real slurmctld and slurmd: what a variable-time job needs from Slurm. */
class SlurmAdapterE2ETest extends SubmittedJobsTest {

    private static final Duration SCHEDULED = Duration.ofSeconds(60);
    private static final String SLEEPER = "sleep 300 & wait\n";

    SlurmAdapterE2ETest() {
        super(SubmittedJobs.cancelledAfterEach(SCHEDULED));
    }

    @Test
    void aSubmittedJobIsReadBackWithTheFieldsCrjobNeeds() throws Exception {
        String id = submit(SubmitRequest.of(BatchScripts.write(dir, "job.sh", SLEEPER))
                .withOptions("--job-name=crjob e2e", "--time=00:05:00", "--comment=3-00:00:00 left",
                        "--requeue", "--output=" + dir.resolve("out.txt")));

        JobInfo job = awaitState(id, JobState.RUNNING);

        assertEquals(id, job.jobId());
        assertEquals("crjob e2e", job.name());
        assertEquals(SlurmTime.parse("5"), job.timeLimit());
        assertEquals("3-00:00:00 left", job.comment());
        assertTrue(job.requeue());
        assertEquals(0, job.restarts());
        assertEquals(dir.toRealPath(), job.workDir());
        assertTrue(job.batchHost().isPresent(), "a running batch job has a BatchHost");
        Duration scheduled = Duration.between(job.startTime().orElseThrow(), job.endTime().orElseThrow());
        assertEquals(Duration.ofMinutes(5), scheduled, "EndTime is StartTime + TimeLimit for a running job");
    }

    @Test
    void theCommentIsRewrittenAndTheTimeLimitLowered() throws Exception {
        String id = submit(SubmitRequest.of(BatchScripts.write(dir, "job.sh", SLEEPER))
                .withOptions("--time=00:10:00", "--comment=5-00:00:00", "--output=/dev/null"));
        awaitState(id, JobState.RUNNING);

        slurm.updateComment(id, "4-23:50:00");
        slurm.updateTimeLimit(id, SlurmTime.parse("00:02:00"));

        JobInfo job = slurm.showJob(id);
        assertEquals("4-23:50:00", job.comment());
        assertEquals(SlurmTime.ofMinutes(2), job.timeLimit());
        assertEquals(Duration.ofMinutes(2), Duration.between(job.startTime().orElseThrow(), job.endTime().orElseThrow()),
                "a lowered limit moves the job's EndTime");
    }

    @Test
    void usr1SentToTheBatchShellRunsItsTrap() throws Exception {
        Path trapped = dir.resolve("trapped.txt");
        Path trapSet = dir.resolve("trap-set.txt");
        String body = "trap 'echo \"got USR1\" > " + trapped + "' USR1\n"
                + "echo set > " + trapSet + "\n"
                + "sleep 300 &\nwait\n";
        String id = submit(SubmitRequest.of(BatchScripts.write(dir, "trap.sh", body))
                .withOptions("--time=00:05:00", "--output=" + dir.resolve("out.txt")));
        // RUNNING comes with the allocation, before the shell has read its trap line: a USR1 then kills it.
        await().atMost(SCHEDULED).until(() -> BatchScripts.read(trapSet).equals("set\n"));

        slurm.signal(id, Signal.USR1, SignalTarget.BATCH_SHELL);

        await().atMost(SCHEDULED).until(() -> BatchScripts.read(trapped).equals("got USR1\n"));
    }

    @Test
    void aRequeuedJobRunsAgainUnderTheSameIdWithRestartCountOne() throws Exception {
        Path runs = dir.resolve("runs.txt");
        // The pattern of the seeds: a trap that requeues on USR1, the payload in the background, then wait.
        // The trap is set before the runs file is written: the test signals once it reads that file.
        String body = "trap 'scontrol requeue $SLURM_JOB_ID' USR1\n"
                + "echo \"run ${SLURM_RESTART_COUNT:-0}\" >> " + runs + "\n"
                + "echo \"output of run ${SLURM_RESTART_COUNT:-0}\"\n"
                + "sleep 300 &\nwait\n";
        String id = submit(SubmitRequest.of(BatchScripts.write(dir, "requeue.sh", body))
                .withOptions("--time=00:05:00", "--requeue", "--open-mode=append", "--comment=00:20:00",
                        "--output=" + dir.resolve("out.txt")));
        awaitState(id, JobState.RUNNING);
        await().atMost(SCHEDULED).until(() -> BatchScripts.read(runs).equals("run 0\n"));

        slurm.signal(id, Signal.USR1, SignalTarget.BATCH_SHELL);

        JobInfo held = await().atMost(SCHEDULED).until(() -> slurm.showJob(id),
                j -> j.state() == JobState.PENDING && j.restarts() == 1);
        assertEquals("00:20:00", held.comment(), "the Comment survives a requeue");
        // Released as often as needed: a release that lands while Slurm is still finishing the requeue
        // is overwritten by the hold Slurm sets at its end.
        await().atMost(SCHEDULED).pollInterval(Duration.ofSeconds(1)).until(() -> {
            LocalSlurm.releaseRequeueHoldIfHeld(slurm.showJob(id));
            return BatchScripts.read(runs).equals("run 0\nrun 1\n");
        });
        assertEquals(id, slurm.showJob(id).jobId());
        // --open-mode=append: the second run adds to the first run's output instead of truncating it.
        // (Slurm's own "DUE TO JOB REQUEUE" note is not asserted: slurmstepd omits it when the requeue
        // comes within a second or so of the job's start, as it does here.)
        await().atMost(SCHEDULED).until(() -> BatchScripts.read(dir.resolve("out.txt")),
                out -> out.contains("output of run 0\n") && out.contains("output of run 1\n"));
    }

    @Test
    void aDependentJobWaitsUntilItsPredecessorEnds() throws Exception {
        Path order = dir.resolve("order.txt");
        String first = submit(SubmitRequest.of(BatchScripts.write(dir, "first.sh", "echo first >> " + order
                + "\nsleep 300 & wait\n")).withOptions("--time=00:05:00", "--output=/dev/null"));
        String second = submit(SubmitRequest.of(BatchScripts.write(dir, "second.sh", "echo second >> " + order + "\n"))
                .withOptions("--time=00:05:00", "--output=/dev/null")
                .withDependency(new Dependency(Dependency.Kind.AFTERANY, List.of(first))));
        awaitState(first, JobState.RUNNING);
        // RUNNING comes with the allocation, before the script runs: a cancel at once could beat its echo (seen in CI)
        await().atMost(SCHEDULED).until(() -> BatchScripts.read(order).equals("first\n"));

        JobInfo waiting = slurm.showJob(second);
        assertEquals(JobState.PENDING, waiting.state());
        assertEquals("Dependency", waiting.reason());
        assertEquals("afterany:" + first + "(unfulfilled)", waiting.field("Dependency").orElseThrow());

        slurm.cancel(first);
        await().atMost(SCHEDULED).until(() -> BatchScripts.read(order).equals("first\nsecond\n"));
    }

    @Test
    void anUnknownJobIsReportedWithSlurmsOwnMessage() {
        UnknownJobException e = assertThrows(UnknownJobException.class, () -> slurm.showJob("987654321"));
        assertTrue(e.slurmMessage().contains("Invalid job id specified"), e.slurmMessage());
    }

    private String submit(SubmitRequest request) {
        return jobs.submit(request.from(dir));
    }

    private JobInfo awaitState(String id, JobState state) {
        return await().atMost(SCHEDULED).until(() -> slurm.showJob(id), j -> j.state() == state);
    }
}
