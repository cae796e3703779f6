package org.crjob.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.crjob.posix.Signal;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.JobState;
import org.crjob.slurm.Slurm;
import org.crjob.slurm.SlurmCommands;
import org.crjob.slurm.SlurmTime;
import org.crjob.slurm.SignalTarget;
import org.crjob.slurm.SubmitRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** crjob run as a variable-time job on the real local Slurm, with the counting example as the application. */
class RunE2ETest {
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final Path CRJOB = REPO.resolve("bin").resolve("crjob");
    private static final Path COUNT = REPO.resolve("examples").resolve("counting").resolve("count.sh");
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private final Slurm slurm = new SlurmCommands();
    private final List<String> submitted = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void slurmIsUp() {
        LocalSlurm.require();
        assertTrue(Files.isRegularFile(REPO.resolve("cr-cli/target/crjob.jar")), "crjob.jar is built before test/ runs");
    }

    @AfterEach
    void cancelWhatWeSubmitted() {
        for (String id : submitted) {
            try {
                slurm.cancel(id);
            } catch (RuntimeException e) {
                // already ended
            }
        }
    }

    @Test
    void aVariableTimeJobRequeuesItselfUntilTheWorkIsDone() throws Exception {
        String id = submit("-t 5 --comment=00:30:00 --signal=B:USR1@60", 60, "0.1", "--min-run 1");

        for (int run = 1; run <= 2; run++) {
            int before = counted().size();
            await().atMost(PATIENCE).until(() -> counted().size() >= before + 5);
            slurm.signal(id, Signal.USR1, SignalTarget.BATCH_SHELL);
            int restarts = run;
            JobInfo held = await().atMost(PATIENCE).until(() -> slurm.showJob(id),
                    j -> j.state() == JobState.PENDING && j.restarts() == restarts);
            SlurmTime left = SlurmTime.parse(held.comment());
            assertTrue(left.compareTo(SlurmTime.parse("00:29:00")) > 0,
                    "the budget is charged with the seconds the runs took, not the 5-minute limit: " + left);
            releaseUntilRunning(id);
        }
        JobInfo done = await().atMost(PATIENCE).until(() -> slurm.showJob(id), j -> j.state().isFinal());

        assertEquals(JobState.COMPLETED, done.state(), log());
        assertEquals(IntStream.rangeClosed(1, 60).boxed().toList(), counted(), "every number exactly once");
        assertTrue(log().contains("requeued (1 of at most 50)") && log().contains("requeued (2 of at most 50)"), log());
        assertTrue(log().contains("restarting from checkpoint generation 2"), log());
    }

    @Test
    void theSeedsBackgroundAndWaitFormWorksWithATrapThatPassesTheSignalOn() throws Exception {
        // As the README says: crjob run in the background, a trap forwarding USR1, then wait (twice: the
        // first wait returns when the trap runs).
        String id = submitScript("-t 5 --comment=00:30:00 --signal=B:USR1@60",
                "export COUNT_TO=40 COUNT_STEP=0.1\n"
                + CRJOB + " run --min-run 1 --state count.ckpt -- " + COUNT + " &\n"
                + "pid=$!\ntrap 'kill -USR1 $pid' USR1\nwait $pid\nwait $pid\n");
        await().atMost(PATIENCE).until(() -> counted().size() >= 5);

        slurm.signal(id, Signal.USR1, SignalTarget.BATCH_SHELL);
        await().atMost(PATIENCE).until(() -> slurm.showJob(id), j -> j.state() == JobState.PENDING && j.restarts() == 1);
        releaseUntilRunning(id);
        JobInfo done = await().atMost(PATIENCE).until(() -> slurm.showJob(id), j -> j.state().isFinal());

        assertEquals(JobState.COMPLETED, done.state(), log());
        assertEquals(IntStream.rangeClosed(1, 40).boxed().toList(), counted());
    }

    @Test
    void aSpentBudgetEndsTheJobWithOneLineSayingWhy() throws Exception {
        // a useful run needs 2 minutes and the whole budget is 2 minutes: once anything has run, too little is left
        String id = submit("-t 5 --comment=00:02:00 --signal=B:USR1@60", 10_000, "0.1", "--min-run 2");
        await().atMost(PATIENCE).until(() -> counted().size() >= 5);

        slurm.signal(id, Signal.USR1, SignalTarget.BATCH_SHELL);

        JobInfo done = await().atMost(PATIENCE).until(() -> slurm.showJob(id), j -> j.state().isFinal());
        assertEquals(0, done.restarts());
        assertEquals("7:0", done.field("ExitCode").orElseThrow(), "crjob's exit code for 'not requeued'");
        assertTrue(log().contains("not requeued: the budget is spent"), log());
        assertTrue(SlurmTime.parse(done.comment()).compareTo(SlurmTime.parse("00:02:00")) < 0, done.comment());
        assertTrue(Files.exists(dir.resolve("crjob.ckpt").resolve("gen-000001")), "the work is checkpointed for later");
    }

    @Test
    void theNextLimitIsLoweredWhenLessBudgetIsLeftThanALimit() throws Exception {
        String id = submit("-t 10 --comment=00:07:00 --signal=B:USR1@60", 10_000, "0.1", "--min-run 1");
        await().atMost(PATIENCE).until(() -> counted().size() >= 5);

        slurm.signal(id, Signal.USR1, SignalTarget.BATCH_SHELL);

        JobInfo held = await().atMost(PATIENCE).until(() -> slurm.showJob(id),
                j -> j.state() == JobState.PENDING && j.restarts() == 1);
        assertEquals(SlurmTime.ofMinutes(6), held.timeLimit(), "under 7 minutes left: the next run gets 6 whole minutes");
    }

    @Test
    void anApplicationThatFailsIsNotRequeuedAndItsStatusIsTheJobs() throws Exception {
        String id = submitScript("-t 5 --comment=01:00:00 --signal=B:USR1@60",
                "exec " + CRJOB + " run -- bash -c 'echo working; exit 3'\n");

        JobInfo done = await().atMost(PATIENCE).until(() -> slurm.showJob(id), j -> j.state().isFinal());

        assertEquals(JobState.FAILED, done.state());
        assertEquals("3:0", done.field("ExitCode").orElseThrow());
        assertEquals(0, done.restarts());
        assertTrue(log().contains("the application exited with status 3"), log());
    }

    @Test
    void aCommandThatCannotStartIsReportedInOneLineAndNotRequeued() throws Exception {
        String id = submitScript("-t 5 --comment=01:00:00", "exec " + CRJOB + " run -- ./no-such-sim input.nml\n");

        JobInfo done = await().atMost(PATIENCE).until(() -> slurm.showJob(id), j -> j.state().isFinal());

        assertEquals("2:0", done.field("ExitCode").orElseThrow(), log());
        assertTrue(log().contains("crjob: cannot start ./no-such-sim"), log());
        assertEquals(0, done.restarts());
    }

    @Test
    void withoutASignalCrjobCheckpointsOnItsOwnBeforeTheLimit() throws Exception {
        // no --signal at all: EndTime - (10 s assumed x 2 + 30 s) comes 10 s into a 1-minute job
        String id = submit("-t 1 --comment=01:00:00", 10_000, "0.2", "--min-run 1");

        await().atMost(PATIENCE).until(() -> slurm.showJob(id), j -> j.state() == JobState.PENDING && j.restarts() == 1);

        assertTrue(log().contains("crjob's own deadline (no signal came in time)"), log());
        assertTrue(Files.exists(dir.resolve("crjob.ckpt").resolve("gen-000001")));
    }

    @Test
    void aCommentThatIsNotABudgetStopsTheJobBeforeTheApplicationStarts() throws Exception {
        String id = submit("-t 5 --comment=my-experiment", 100, "0.1", "");

        JobInfo done = await().atMost(PATIENCE).until(() -> slurm.showJob(id), j -> j.state().isFinal());

        assertEquals("2:0", done.field("ExitCode").orElseThrow(), log());
        assertTrue(log().contains("the job's Comment is 'my-experiment', which is not a time budget"), log());
        assertFalse(Files.exists(dir.resolve("count.txt")), "nothing ran");
    }

    /** The counting example under crjob run, with sbatch options given on the command line. */
    private String submit(String sbatchOptions, int countTo, String step, String runOptions) throws Exception {
        return submitScript(sbatchOptions, "export COUNT_TO=" + countTo + " COUNT_STEP=" + step + "\n"
                + "exec " + CRJOB + " run " + runOptions + " --state count.ckpt -- " + COUNT + "\n");
    }

    private String submitScript(String sbatchOptions, String body) throws Exception {
        Path script = BatchScripts.write(dir, "job.sh", body);
        List<String> options = new ArrayList<>(List.of(sbatchOptions.split(" ")));
        options.addAll(List.of("--requeue", "--open-mode=append", "--output=" + dir.resolve("job.log")));
        String id = slurm.submit(SubmitRequest.of(script).withOptions(options.toArray(String[]::new)).from(dir));
        submitted.add(id);
        return id;
    }

    private void releaseUntilRunning(String id) {
        LocalSlurm.releaseUntilRunning(slurm, id, PATIENCE);
    }

    private List<Integer> counted() {
        return BatchScripts.read(dir.resolve("count.txt")).lines().filter(l -> !l.isBlank())
                .map(Integer::parseInt).toList();
    }

    private String log() {
        return BatchScripts.read(dir.resolve("job.log"));
    }
}
