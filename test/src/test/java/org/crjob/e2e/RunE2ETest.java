package org.crjob.e2e;

import static org.awaitility.Awaitility.await;
import static org.crjob.e2e.VariableTimeJobs.COUNT;
import static org.crjob.e2e.VariableTimeJobs.CRJOB;
import static org.crjob.e2e.VariableTimeJobs.PATIENCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.crjob.posix.Signal;
import org.crjob.process.Command;
import org.crjob.process.CommandResult;
import org.crjob.process.ExecCommandRunner;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.JobState;
import org.crjob.slurm.SignalTarget;
import org.crjob.slurm.SlurmTime;
import org.junit.jupiter.api.Test;

/** crjob run as a variable-time job on the real local Slurm, with the counting example as the application. */
class RunE2ETest extends VariableTimeJobsTest {
    @Test
    void aVariableTimeJobRequeuesItselfUntilTheWorkIsDoneAndIsChargedTheTimeItReallyUsed() throws Exception {
        String id = jobs.submit("-t 5 --comment=00:30:00 --signal=B:USR1@60", 60, "0.1", "--min-run 1");
        Duration used = Duration.ZERO;

        for (int run = 1; run <= 2; run++) {
            int before = jobs.counted().size();
            await().atMost(PATIENCE).until(() -> jobs.counted().size() >= before + 5);
            Instant started = jobs.slurm.showJob(id).startTime().orElseThrow();
            jobs.slurm.signal(id, Signal.USR1, SignalTarget.BATCH_SHELL);
            JobInfo held = jobs.awaitRequeued(id, run);
            used = used.plus(Duration.between(started, Instant.now()));

            long expected = SlurmTime.parse("00:30:00").seconds() - used.toSeconds();
            long left = SlurmTime.parse(held.comment()).seconds();
            assertTrue(Math.abs(left - expected) <= 5, "after run " + run + " the Comment is " + held.comment()
                    + ", but 30 minutes less the " + used.toSeconds() + " s the runs really took is " + expected + " s");
            jobs.releaseUntilRunning(id);
        }
        JobInfo done = jobs.awaitEnd(id);

        assertEquals(JobState.COMPLETED, done.state(), jobs.log());
        jobs.assertEveryNumberCountedOnce(60);
        assertTrue(jobs.log().contains("requeued (1 of at most 50)") && jobs.log().contains("requeued (2 of at most 50)"),
                jobs.log());
        assertTrue(jobs.log().contains("restarting from checkpoint generation 2"), jobs.log());
    }

    @Test
    void slurmsOwnWarningSignalBeforeARealTimeLimitDrivesEveryRequeue() throws Exception {
        // 3-minute runs, USR1 90 s before the end, so 30 to 90 s into a run (Slurm may send it up to a minute
        // early); crjob's own deadline (10 s assumed x 2 + 30 s) would come 50 s before the end: the signal is first.
        // 100 s of counting takes two runs or more.
        String id = jobs.submit("-t 3 --comment=00:20:00 --signal=B:USR1@90", 200, "0.5", "--min-run 1");

        jobs.completesThroughSlurmsWarnings(id, 200);
        assertFalse(jobs.log().contains("crjob's own deadline"), jobs.log());
    }

    @Test
    void remainingAndRestartCountAnswerInsideTheJobAndFromOutside() throws Exception {
        String id = jobs.submitScript("-t 5 --comment=00:30:00 --signal=B:USR1@60",
                "echo \"restarts=$(" + CRJOB + " restart-count)\"\n" + CRJOB + " remaining\n"
                + "export COUNT_TO=10000 COUNT_STEP=0.1\n"
                + "exec " + CRJOB + " run --min-run 1 --state count.ckpt -- " + COUNT + "\n");
        await().atMost(PATIENCE).until(() -> jobs.counted().size() >= 5);
        jobs.slurm.signal(id, Signal.USR1, SignalTarget.BATCH_SHELL);
        JobInfo held = jobs.awaitRequeued(id, 1);

        CommandResult outside = new ExecCommandRunner().runChecked(Command.of(CRJOB.toString(), "remaining", "--job",
                id, "--json"));
        JsonNode report = new ObjectMapper().readTree(outside.stdout());
        assertEquals(held.comment(), report.get("leftIfEndedNow").asText(), "a pending job: what Comment holds");
        assertEquals(1, report.get("restarts").asInt());

        jobs.releaseUntilRunning(id);
        await().atMost(PATIENCE).untilAsserted(() -> assertTrue(jobs.log().contains("restarts=1\n")
                && jobs.log().contains("of the budget left if this run ended now (" + held.comment() + " in Comment"),
                jobs.log()));
        assertTrue(jobs.log().contains("restarts=0\n"), jobs.log());
    }

    @Test
    void theTrapSignalIsTheUsersChoiceAndTheApplicationIsAskedWithItsOwn() throws Exception {
        // Slurm sends USR2 to the batch shell; count.sh saves on USR1 and would die of a USR2
        String id = jobs.submit("-t 5 --comment=00:30:00 --signal=B:USR2@60", 40, "0.1",
                "--min-run 1 --on-signal USR2 --signal USR1");
        await().atMost(PATIENCE).until(() -> jobs.counted().size() >= 5);

        jobs.slurm.signal(id, Signal.USR2, SignalTarget.BATCH_SHELL);
        jobs.awaitRequeued(id, 1);
        jobs.runsAgainToCompletion(id);
        assertTrue(jobs.log().contains("SIGUSR2 (Slurm's warning that the time limit is near)"), jobs.log());
        jobs.assertEveryNumberCountedOnce(40);
    }

    @Test
    void theSeedsBackgroundAndWaitFormWorksWithATrapThatPassesTheSignalOn() throws Exception {
        // As the README says: crjob run in the background, a trap forwarding USR1, then wait (twice: the
        // first wait returns when the trap runs).
        String id = jobs.submitScript("-t 5 --comment=00:30:00 --signal=B:USR1@60",
                "export COUNT_TO=40 COUNT_STEP=0.1\n"
                + CRJOB + " run --min-run 1 --state count.ckpt -- " + COUNT + " &\n"
                + "pid=$!\ntrap 'kill -USR1 $pid' USR1\nwait $pid\nwait $pid\n");
        await().atMost(PATIENCE).until(() -> jobs.counted().size() >= 5);

        jobs.slurm.signal(id, Signal.USR1, SignalTarget.BATCH_SHELL);
        jobs.awaitRequeued(id, 1);
        jobs.runsAgainToCompletion(id);
        assertEquals(IntStream.rangeClosed(1, 40).boxed().toList(), jobs.counted());
    }

    @Test
    void aSpentBudgetEndsTheJobWithOneLineSayingWhy() throws Exception {
        // a useful run needs 2 minutes and the whole budget is 2 minutes: once anything has run, too little is left
        String id = jobs.submit("-t 5 --comment=00:02:00 --signal=B:USR1@60", 10_000, "0.1", "--min-run 2");
        await().atMost(PATIENCE).until(() -> jobs.counted().size() >= 5);

        jobs.slurm.signal(id, Signal.USR1, SignalTarget.BATCH_SHELL);

        JobInfo done = jobs.awaitEnd(id);
        assertEquals(0, done.restarts());
        assertEquals("7:0", done.field("ExitCode").orElseThrow(), "crjob's exit code for 'not requeued'");
        assertTrue(jobs.log().contains("not requeued: the budget is spent"), jobs.log());
        assertTrue(SlurmTime.parse(done.comment()).compareTo(SlurmTime.parse("00:02:00")) < 0, done.comment());
        assertTrue(Files.exists(jobs.store(id).resolve("gen-000001")), "the work is checkpointed for later");
    }

    @Test
    void maxRequeuesHoldsAndTheLastCheckpointIsKept() throws Exception {
        String id = jobs.submit("-t 5 --comment=01:00:00 --signal=B:USR1@60", 10_000, "0.1",
                "--min-run 1 --max-requeues 1");
        await().atMost(PATIENCE).until(() -> jobs.counted().size() >= 5);
        jobs.slurm.signal(id, Signal.USR1, SignalTarget.BATCH_SHELL);
        jobs.awaitRequeued(id, 1);
        jobs.releaseUntilRunning(id);
        int before = jobs.counted().size();
        await().atMost(PATIENCE).until(() -> jobs.counted().size() >= before + 5);

        jobs.slurm.signal(id, Signal.USR1, SignalTarget.BATCH_SHELL);

        JobInfo done = jobs.awaitEnd(id);
        assertEquals(1, done.restarts(), "requeued once, not twice");
        assertEquals("7:0", done.field("ExitCode").orElseThrow(), jobs.log());
        assertTrue(jobs.log().contains("not requeued: the job has been requeued 1 times, the most --max-requeues"
                + " allows"), jobs.log());
        assertTrue(Files.exists(jobs.store(id).resolve("gen-000002")), "the second run's checkpoint is kept");
        // and anyone can find it by the job's id, from any directory
        CommandResult listed = new ExecCommandRunner().runChecked(Command.of(CRJOB.toString(), "checkpoints", "verify",
                "--job", id, "--json").withTimeout(Duration.ofSeconds(60)));
        JsonNode rows = new ObjectMapper().readTree(listed.stdout());
        assertEquals(2, rows.get(0).get("generation").asInt(), listed.stdout());
        assertTrue(rows.get(0).get("verified").asBoolean(), listed.stdout());
    }

    @Test
    void theNextLimitIsLoweredWhenLessBudgetIsLeftThanALimit() throws Exception {
        String id = jobs.submit("-t 10 --comment=00:07:00 --signal=B:USR1@60", 10_000, "0.1", "--min-run 1");
        await().atMost(PATIENCE).until(() -> jobs.counted().size() >= 5);

        jobs.slurm.signal(id, Signal.USR1, SignalTarget.BATCH_SHELL);

        JobInfo held = jobs.awaitRequeued(id, 1);
        assertEquals(SlurmTime.ofMinutes(6), held.timeLimit(), "under 7 minutes left: the next run gets 6 whole minutes");
    }

    @Test
    void anApplicationThatFailsIsNotRequeuedAndItsStatusIsTheJobs() throws Exception {
        String id = jobs.submitScript("-t 5 --comment=01:00:00 --signal=B:USR1@60",
                "exec " + CRJOB + " run -- bash -c 'echo working; exit 3'\n");

        JobInfo done = jobs.awaitEnd(id);

        assertEquals(JobState.FAILED, done.state());
        assertEquals("3:0", done.field("ExitCode").orElseThrow());
        assertEquals(0, done.restarts());
        assertTrue(jobs.log().contains("the application exited with status 3"), jobs.log());
    }

    @Test
    void withoutASignalCrjobCheckpointsOnItsOwnBeforeTheLimit() throws Exception {
        // no --signal at all: EndTime - (10 s assumed x 2 + 30 s) comes 10 s into a 1-minute job
        String id = jobs.submit("-t 1 --comment=01:00:00", 10_000, "0.2", "--min-run 1");

        jobs.awaitRequeued(id, 1);

        assertTrue(jobs.log().contains("crjob's own deadline (no signal came in time)"), jobs.log());
        assertTrue(Files.exists(jobs.store(id).resolve("gen-000001")));
    }
}
