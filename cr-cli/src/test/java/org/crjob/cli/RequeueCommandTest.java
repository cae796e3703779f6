package org.crjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crjob.engine.store.Capture;
import org.crjob.engine.store.CaptureMode;
import org.crjob.engine.store.CheckpointStore;
import org.crjob.engine.store.SnapshotRequest;
import org.crjob.joblog.JobLog;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.JobState;
import org.crjob.slurm.RecordingSlurm;
import org.crjob.slurm.SlurmTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** {@code crjob requeue} (func_trap) and {@code crjob requeue --check} (parse_job) against a recording Slurm. */
class RequeueCommandTest {
    private static final Instant NOW = Instant.parse("2026-01-02T12:00:00Z");
    /** Every job here has run 100 s. */
    private static final Instant STARTED = NOW.minusSeconds(100);

    @TempDir
    Path dir;

    private final RecordingSlurm slurm = new RecordingSlurm();
    private final Map<String, String> env = new HashMap<>(Map.of("SLURM_JOB_ID", "42"));

    @Test
    void chargesTheTimeTheRunTookWritesTheCommentAndRequeues() {
        slurm.job = job("00:30:00", "00:05:00");

        CliRun run = requeue();

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertEquals(List.of("comment 00:28:20", "requeue"), slurm.calls, "100 s charged, not the 5-minute limit");
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("] requeued (1 of at most 50): this run took 00:01:40, 00:28:20 of the budget is"
                + " left\n"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void aSpentBudgetIsChargedButNotRequeuedExitSeven() {
        slurm.job = job("00:06:00", "00:05:00");

        CliRun run = requeue();

        assertEquals(ExitCode.NOT_REQUEUED, run.exitCode(), run.err());
        assertEquals(List.of("comment 00:04:20"), slurm.calls);
        assertTrue(run.err().contains("not requeued: the budget is spent"), run.err());
    }

    @Test
    void lessBudgetThanALimitLowersTheNextLimit() {
        slurm.job = job("00:07:00", "00:10:00");

        CliRun run = requeue("--min-run", "1");

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertEquals(List.of("comment 00:05:20", "limit 00:05:00", "requeue"), slurm.calls);
    }

    /** Each job has run 100 s of its budget; the last column is what stderr says of the next run's limit. */
    @ParameterizedTest(name = "budget {0}, limit {1}, --max-timelimit {2}: {3}")
    @CsvSource(delimiter = '|', value = {
        // a longer limit is lowered to --max-timelimit before the requeue, and it says so
        "10-00:00:00 | 3-00:00:00 | 48:00:00 | comment 9-23:58:20, limit 2-00:00:00, requeue"
                + " | ; the next run's limit is lowered to 2-00:00:00 (max_timelimit)",
        // in any Slurm form (240 is minutes), it caps a limit the budget alone would lower to 09:58:00
        "10:00:00    | 12:00:00   | 240      | comment 09:58:20, limit 04:00:00, requeue"
                + " | ; the next run's limit is lowered to 04:00:00 (max_timelimit)",
        // the budget lowers below --max-timelimit when less is left
        "02:00:00    | 12:00:00   | 4:00:00  | comment 01:58:20, limit 01:58:00, requeue"
                + " | the next run's limit is lowered to 01:58:00",
        // it never raises a limit
        "10:00:00    | 01:00:00   | 2-00     | comment 09:58:20, requeue | ",
    })
    void maxTimelimitCapsTheNextLimitAndNeverRaisesIt(String budget, String limit, String maxTimelimit, String calls,
                                                      String saysOfTheLimit) {
        slurm.job = job(budget, limit);

        CliRun run = requeue("--max-timelimit", maxTimelimit);

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertEquals(List.of(calls.split(", ")), slurm.calls);
        if (saysOfTheLimit == null) {
            assertFalse(run.err().contains("lowered"), run.err());
        } else {
            assertTrue(run.err().contains(saysOfTheLimit), run.err());
        }
    }

    @Test
    void maxTimelimitUnderAMinuteIsABadValue() {
        slurm.job = job("10:00:00", "01:00:00");

        CliRun run = requeue("--max-timelimit", "0:30");

        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().contains("--max-timelimit must be at least a minute, got 00:00:30"), run.err());
        assertEquals(List.of(), slurm.calls);
    }

    @Test
    void aFailedCheckpointWithNoGoodGenerationIsNotRequeued() {
        slurm.job = job("00:30:00", "00:05:00");

        CliRun run = requeue("--checkpoint-failed", "--ckpt-dir", dir.resolve("crjob.ckpt").toString());

        assertEquals(ExitCode.NOT_REQUEUED, run.exitCode(), run.err());
        assertEquals(List.of("comment 00:28:20"), slurm.calls, "the run is still charged");
        assertTrue(run.err().contains("the checkpoint failed and no generation in " + dir.resolve("crjob.ckpt")
                + " verifies; not requeued: there is no checkpoint to restart from"), run.err());
    }

    @Test
    void aFailedCheckpointWithAnEarlierGenerationThatVerifiesIsRequeued() throws Exception {
        Path ckpt = dir.resolve("crjob.ckpt");
        try (CheckpointStore store = CheckpointStore.open(ckpt, "test", 3, JobLog.silent())) {
            for (int i = 1; i <= 2; i++) {
                Path state = Files.writeString(dir.resolve("state.dat"), "state " + i + "\n");
                store.commit(SnapshotRequest.of("signal", CaptureMode.COPY, List.of(Capture.of(state)),
                        Duration.ofMillis(10)));
            }
        }
        Files.writeString(ckpt.resolve("gen-000002").resolve("state.dat"), "damaged\n");
        slurm.job = job("00:30:00", "00:05:00");

        CliRun run = requeue("--checkpoint-failed", "--ckpt-dir", ckpt.toString());

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertEquals(List.of("comment 00:28:20", "requeue"), slurm.calls);
        assertTrue(run.err().contains("generation 2 fails verification"), run.err());
        assertTrue(run.err().contains("the checkpoint failed; generation 1 in " + ckpt + " verifies and is what the next"
                + " run restarts from; requeued (1 of at most 50)"), run.err());
    }

    @Test
    void aSlurmFailureSaysWhatWasDecidedAndExitsFive() {
        slurm.job = job("00:07:00", "00:10:00");
        slurm.failLimit = true;

        CliRun run = requeue("--min-run", "1");

        assertEquals(ExitCode.SLURM_FAILED, run.exitCode(), run.err());
        assertTrue(run.err().contains("] requeued (1 of at most 50)"), run.err());
        assertTrue(run.err().contains("crjob: setting the TimeLimit of job 42 failed: "), run.err());
    }

    @Test
    void outsideAJobExitsThreeAndSaysWhereItRuns() {
        env.clear();

        CliRun run = requeue();

        assertEquals(ExitCode.UNEXPECTED_STATE, run.exitCode());
        assertTrue(run.err().startsWith("crjob: not inside a Slurm job (SLURM_JOB_ID is not set): crjob requeue runs in"
                + " the job's batch script"), run.err());
    }

    @Test
    void checkSaysHowMuchBudgetIsLeftAndChangesNothing() {
        slurm.job = job("5-00:00:00", "12:00:00");

        CliRun run = requeue("--check");

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertEquals(List.of(), slurm.calls);
        assertTrue(run.err().contains("] budget left 4-23:58:20; 0 of at most 50 requeues used\n"), run.err());
        assertEquals("", run.out());
    }

    @ParameterizedTest(name = "a Comment of {0} leaves {1} after 100 s (nersc_cr read it as {2})")
    @CsvSource({
        "30, 00:28:20, 30 seconds",
        "2-12, 2-11:58:20, 132 seconds",
    })
    void checkReadsTheCommentAsSlurmDoes(String comment, String left, String nerscCrRead) {
        slurm.job = job(comment, "00:05:00");

        CliRun run = requeue("--check");

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.err().contains("budget left " + left), "nersc_cr read " + comment + " as " + nerscCrRead + ": "
                + run.err());
    }

    @Test
    void checkTakesMaxTimelimitWrittenAs48Hours() {
        slurm.job = job("5-00:00:00", "12:00:00");

        CliRun run = requeue("--check", "--max-timelimit", "48:00:00");

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.err().contains("; a run after a requeue gets at most 2-00:00:00 (max_timelimit)"), run.err());
    }

    @Test
    void checkExitsSevenWhenLessThanAUsefulRunIsLeft() {
        slurm.job = job("00:10:00", "00:05:00");

        CliRun run = requeue("--check", "--min-run", "10");

        assertEquals(ExitCode.NOT_REQUEUED, run.exitCode());
        assertTrue(run.err().contains("the budget is spent: 00:08:20 is left in the job's Comment, less than a useful"
                + " run of 00:10:00"), run.err());
        assertEquals(List.of(), slurm.calls);
    }

    @Test
    void checkExitsSevenWhenTheRequeuesAreUsedUp() {
        slurm.job = job("5-00:00:00", "12:00:00");
        env.put("SLURM_RESTART_COUNT", "3");

        CliRun run = requeue("--check", "--max-requeues", "3");

        assertEquals(ExitCode.NOT_REQUEUED, run.exitCode());
        assertTrue(run.err().contains("no requeue left: the job has been requeued 3 times, the most --max-requeues (3)"
                + " allows"), run.err());
    }

    @Test
    void checkExitsSevenForAJobThatCannotBeRequeued() {
        slurm.job = job("5-00:00:00", "12:00:00", false);

        CliRun run = requeue("--check");

        assertEquals(ExitCode.NOT_REQUEUED, run.exitCode());
        assertTrue(run.err().contains("submit it with #SBATCH --requeue"), run.err());
    }

    @Test
    void aCommentThatIsNotATimeIsAUsageError() {
        slurm.job = job("my-experiment", "12:00:00");

        CliRun run = requeue("--check");

        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().startsWith("crjob: the job's Comment is 'my-experiment', which is not a time budget"),
                run.err());
    }

    @Test
    void withoutABudgetOnlyTheRequeueLimitCounts() {
        slurm.job = job("", "12:00:00");

        CliRun run = requeue("--check");

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.err().contains("no time budget in the job's Comment: requeues are bounded by --max-requeues"
                + " alone"), run.err());
    }

    private CliRun requeue(String... args) {
        List<String> argv = new ArrayList<>(List.of("requeue"));
        argv.addAll(List.of(args));
        return CliRun.in(new CliContext(slurm, env, Clock.fixed(NOW, ZoneOffset.UTC), dir), argv.toArray(String[]::new));
    }

    private static JobInfo job(String comment, String limit) {
        return job(comment, limit, true);
    }

    private static JobInfo job(String comment, String limit, boolean requeue) {
        return new JobInfo("42", "vt", JobState.RUNNING, "None", Optional.of(STARTED),
                Optional.of(STARTED.plusSeconds(SlurmTime.parse(limit).seconds())), SlurmTime.parse(limit), comment, 0,
                Path.of("/tmp"), Optional.of("node1"), requeue, Map.of());
    }
}
