package org.crjob.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.crjob.failure.InvalidValueException;
import org.crjob.joblog.RecordingJobLog;
import org.crjob.posix.Signal;
import org.crjob.process.CommandTimedOutException;
import org.crjob.process.ExecCommandRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapter against stand-in Slurm clients: argument vectors, output parsing, error text, timeouts. */
class SlurmCommandsTest {

    @TempDir
    Path dir;
    private FakeSlurmBin bin;
    private Slurm slurm;

    @BeforeEach
    void setUp() {
        bin = new FakeSlurmBin(dir);
        slurm = new SlurmCommands(new ExecCommandRunner(), dir, Duration.ofSeconds(2));
    }

    @Test
    void showJobReadsTheFieldsCrjobNeedsFromRealScontrolOutput() {
        bin.answers("scontrol", FakeSlurmBin.resource("show-job-running.txt"));
        JobInfo job = slurm.showJob("4");
        assertEquals(List.of("scontrol", "show", "job", "4"), bin.calls().get(0));
        assertEquals("4", job.jobId());
        assertEquals("my run", job.name());
        assertEquals(JobState.RUNNING, job.state());
        assertEquals(SlurmTime.parse("00:05:00"), job.timeLimit());
        assertEquals(localTime("2026-11-23T14:42:19"), job.startTime().orElseThrow());
        assertEquals(localTime("2026-11-23T14:47:19"), job.endTime().orElseThrow());
        assertEquals(0, job.restarts());
        assertEquals(Path.of("/tmp/fx"), job.workDir());
        assertEquals("vm", job.batchHost().orElseThrow());
        assertTrue(job.requeue());
        assertEquals("debug", job.field("Partition").orElseThrow());
    }

    @Test
    void aCommentWithBlanksAndEqualsSignsComesBackWhole() {
        bin.answers("scontrol", FakeSlurmBin.resource("show-job-running.txt"));
        assertEquals("5-00:00:00 note=a b", slurm.showJob("4").comment());
    }

    @Test
    void aJobChosenForPreemptionShowsWhenAndItsEndMovedToTheGraceTime() {
        bin.answers("scontrol", FakeSlurmBin.resource("show-job-preempted-grace.txt"));

        JobInfo job = slurm.showJob("7");

        assertEquals(localTime("2026-11-23T17:16:46"), job.preemptTime().orElseThrow());
        assertEquals(localTime("2026-11-23T17:17:16"), job.endTime().orElseThrow());
        assertEquals(JobState.RUNNING, job.state());
    }

    @Test
    void aJobNeverChosenForPreemptionHasNoPreemptTime() {
        bin.answers("scontrol", FakeSlurmBin.resource("show-job-running.txt"));

        assertTrue(slurm.showJob("4").preemptTime().isEmpty());
    }

    @Test
    void theBatchScriptIsWhatScontrolWritesToStdout() {
        bin.answers("scontrol", "#!/bin/bash\n#SBATCH --requeue\nexec crjob run -- ./sim\n");

        String script = slurm.batchScript("4");

        assertEquals(List.of("scontrol", "write", "batch_script", "4", "-"), bin.calls().get(0));
        assertTrue(SbatchDirectives.of(script).has("requeue"), script);
    }

    @Test
    void aJobWithoutCommentHasAnEmptyOne() {
        bin.answers("scontrol", FakeSlurmBin.resource("show-job-pending.txt"));
        JobInfo job = slurm.showJob("7");
        assertEquals("", job.comment());
        assertEquals(JobState.PENDING, job.state());
        assertEquals("Resources", job.reason());
        assertTrue(job.batchHost().isEmpty());
    }

    @Test
    void anArrayTaskIsFoundByItsArrayNameAmongItsSiblings() {
        bin.answers("scontrol", FakeSlurmBin.resource("show-job-array.txt"));
        JobInfo task = slurm.showJob("5_1");
        assertEquals("6", task.jobId());
        assertEquals("1", task.field("ArrayTaskId").orElseThrow());
        assertEquals("5_1", task.ref());
    }

    @Test
    void theArraysLastTaskHasTheArraysIdSoScontrolMustNameItAsATask() {
        // regression: 'scontrol update JobId=5 Comment=...' from task 5_2 charged every task of array 5
        bin.answers("scontrol", FakeSlurmBin.resource("show-job-array.txt"));

        JobInfo last = slurm.showJob("5");

        assertEquals("5", last.jobId());
        assertEquals("5_2", last.ref());
    }

    @Test
    void aJobOutsideAnyArrayIsNamedByItsId() {
        bin.answers("scontrol", FakeSlurmBin.resource("show-job-running.txt"));

        assertEquals("4", slurm.showJob("4").ref());
    }

    @Test
    void anUnknownJobSaysSoWithSlurmsOwnWords() {
        bin.fails("scontrol", 1, "slurm_load_jobs error: Invalid job id specified\n");
        UnknownJobException e = assertThrows(UnknownJobException.class, () -> slurm.showJob("999"));
        assertEquals("999", e.jobId());
        assertTrue(e.getMessage().contains("'999'"), e.getMessage());
        assertTrue(e.getMessage().contains("scontrol show job 999"), e.getMessage());
        assertTrue(e.getMessage().endsWith("Invalid job id specified"), e.getMessage());
    }

    @Test
    void aRefusedUpdateNamesTheCommandLineAndCarriesStderr() {
        bin.fails("scontrol", 1, "Access/permission denied for job 4\n");
        SlurmCommandException e = assertThrows(SlurmCommandException.class,
                () -> slurm.updateTimeLimit("4", SlurmTime.parse("2-00:00:00")));
        assertTrue(e.getMessage().startsWith("setting the TimeLimit of job 4 to 2-00:00:00 failed"), e.getMessage());
        assertTrue(e.getMessage().contains("scontrol update JobId=4 TimeLimit=2-00:00:00"), e.getMessage());
        assertEquals("Access/permission denied for job 4", e.slurmMessage());
    }

    @Test
    void aHungControllerTimesOutInsteadOfBlockingTheJob() {
        bin.hangs("scontrol", 30);
        SlurmCommandException e = assertThrows(SlurmCommandException.class, () -> slurm.requeue("4"));
        assertInstanceOf(CommandTimedOutException.class, e.getCause());
        assertTrue(e.getMessage().contains("requeueing job 4"), e.getMessage());
    }

    @Test
    void aControllerThatDoesNotAnswerIsAskedAgainWithOneLineForEachRetry() throws Exception {
        // fails twice with what scontrol prints while slurmctld is down, then answers
        Files.writeString(dir.resolve("scontrol"), """
                #!/bin/bash
                n=$(cat "$(dirname "$0")/tries" 2>/dev/null || echo 0); echo $((n + 1)) > "$(dirname "$0")/tries"
                if ((n < 2)); then
                  echo "scontrol: error: Unable to contact slurm controller (connect failure)" >&2; exit 1
                fi
                """);
        RecordingJobLog log = new RecordingJobLog();
        Slurm retrying = new SlurmCommands(new ExecCommandRunner(), dir, Duration.ofSeconds(2),
                new SlurmRetry(Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(10), log));

        retrying.requeue("4");

        assertEquals("3", Files.readString(dir.resolve("tries")).strip());
        List<String> retries = log.events();
        assertEquals(2, retries.size(), log.entries().toString());
        assertTrue(retries.get(0).startsWith("requeueing job 4: Slurm did not answer (scontrol: error: Unable to"
                + " contact slurm controller (connect failure)); trying again in"), retries.get(0));
    }

    @Test
    void aPermanentErrorIsNotRetriedAndKeepsSlurmsWords() {
        bin.fails("scontrol", 1, "scontrol: error: Access/permission denied for job 4\n");
        RecordingJobLog log = new RecordingJobLog();
        Slurm retrying = new SlurmCommands(new ExecCommandRunner(), dir, Duration.ofSeconds(2),
                new SlurmRetry(Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(10), log));

        SlurmCommandException e = assertThrows(SlurmCommandException.class, () -> retrying.requeue("4"));

        assertEquals(1, bin.calls().size());
        assertEquals(List.of(), log.entries());
        assertTrue(e.getMessage().contains("Access/permission denied"), e.getMessage());
    }

    @Test
    void retriesStopWhenTheirTimeIsUpAndTheLastErrorIsShown() {
        bin.fails("scontrol", 1, "slurm_load_jobs error: Socket timed out on send/recv operation\n");
        RecordingJobLog log = new RecordingJobLog();
        // retries every 50-100 ms for 1.5 s: at least 3 calls even when each stand-in scontrol takes 400 ms on a busy
        // machine; the call returns once that time is up, however many calls it took
        Slurm retrying = new SlurmCommands(new ExecCommandRunner(), dir, Duration.ofSeconds(2),
                new SlurmRetry(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(1500), log));
        long start = System.nanoTime();

        SlurmCommandException e = assertThrows(SlurmCommandException.class, () -> retrying.showJob("4"));

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(bin.calls().size() >= 3 && bin.calls().size() <= 31, bin.calls().size() + " calls");
        assertTrue(took.compareTo(Duration.ofMillis(1500 + 2000 + 1000)) < 0, "gave up after " + took
                + ": the time given, plus at most one call's timeout");
        assertEquals(bin.calls().size() - 1, log.events().size());
        assertTrue(e.getMessage().contains("Socket timed out"), e.getMessage());
    }

    @Test
    void updatesPassTheValueAsOneArgumentWhateverItHolds() {
        slurm.updateComment("4", "1-00:00:00 $(rm -rf ~) `x`; y");
        slurm.updateTimeLimit("4", SlurmTime.parse("90"));
        slurm.requeue("4");
        assertEquals(List.of(
                List.of("scontrol", "update", "JobId=4", "Comment=1-00:00:00 $(rm -rf ~) `x`; y"),
                List.of("scontrol", "show", "job", "4"),
                List.of("scontrol", "update", "JobId=4", "TimeLimit=01:30:00"),
                List.of("scontrol", "requeue", "4")), bin.calls());
    }

    @Test
    void aLimitBelowTheJobsTimeMinLowersTimeMinInTheSameUpdate() {
        // NERSC's scripts set --time-min to -t; Slurm refuses a TimeLimit below TimeMin
        bin.answers("scontrol", FakeSlurmBin.resource("show-job-running.txt").replace("TimeMin=N/A", "TimeMin=00:05:00"));

        slurm.updateTimeLimit("4", SlurmTime.parse("00:03:00"));
        slurm.updateTimeLimit("4", SlurmTime.parse("00:05:00"));

        assertEquals(List.of("scontrol", "update", "JobId=4", "TimeLimit=00:03:00", "TimeMin=00:03:00"), bin.calls().get(1));
        assertEquals(List.of("scontrol", "update", "JobId=4", "TimeLimit=00:05:00"), bin.calls().get(3),
                "a limit not below TimeMin leaves it alone");
    }

    @Test
    void aCommentWithALineBreakIsRefusedBeforeSlurmSeesIt() {
        assertThrows(IllegalArgumentException.class, () -> slurm.updateComment("4", "a\nb"));
        assertTrue(bin.calls().isEmpty());
    }

    @Test
    void submitReturnsTheIdAndPassesDependencyOptionsAndScriptArgs() {
        bin.answers("sbatch", "sbatch: warning: something harmless\n42;cluster\n");
        String id = slurm.submit(SubmitRequest.of(Path.of("job.sh"))
                .withOptions("--time=10", "--comment=1-00:00:00")
                .withDependency(new Dependency(Dependency.Kind.AFTERANY, List.of("40", "41")))
                .withScriptArgs("a b"));
        assertEquals("42", id);
        assertEquals(List.of("sbatch", "--parsable", "--dependency=afterany:40:41", "--time=10",
                "--comment=1-00:00:00", "job.sh", "a b"), bin.calls().get(0));
    }

    @Test
    void submitThatPrintsNoIdIsAnError() {
        bin.answers("sbatch", "Submitted batch job 42\n");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> slurm.submit(SubmitRequest.of(Path.of("job.sh"))));
        assertTrue(e.getMessage().contains("Submitted batch job 42"), e.getMessage());
    }

    @Test
    void signalGoesToTheBatchShellOrToEveryStep() {
        slurm.signal("4", Signal.USR1, SignalTarget.BATCH_SHELL);
        slurm.signal("4", Signal.TERM, SignalTarget.ALL_STEPS);
        slurm.cancel("4");
        assertEquals(List.of(
                List.of("scancel", "--batch", "--signal=USR1", "4"),
                List.of("scancel", "--full", "--signal=TERM", "4"),
                List.of("scancel", "4")), bin.calls());
    }

    @Test
    void aMalformedJobIdIsRefusedWithTheValueNamed() {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> slurm.requeue("4; rm -rf /"));
        assertTrue(e.getMessage().contains("'4; rm -rf /' is not a Slurm job id"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
        assertTrue(bin.calls().isEmpty());
    }

    @Test
    void aCommandOnTheJobsNodeGoesThroughSrunOverlapAsItsOwnArguments() {
        bin.answers("srun", "job 4 status\n");
        var result = slurm.runOnJobNode("4", List.of("/opt/crjob/bin/crjob", "status", "--job", "4", "a b"),
                Duration.ofSeconds(2));
        assertEquals(List.of("srun", "--overlap", "--jobid=4", "--nodes=1", "--ntasks=1", "--quiet",
                "/opt/crjob/bin/crjob", "status", "--job", "4", "a b"), bin.calls().get(0));
        assertEquals(0, result.exitCode());
        assertEquals("job 4 status\n", result.stdout());
    }

    @Test
    void aCommandThatFailsOnTheNodeIsRelayedWithItsExitCodeAndWithoutSrunsRepetitionOfIt() {
        bin.answers("srun", "partial output\n")
                .fails("srun", 3, "crjob: no coordinator\nsrun: error: vm: task 0: Exited with exit code 3\n");
        var result = slurm.runOnJobNode("4", List.of("crjob", "status"), Duration.ofSeconds(2));
        assertEquals(3, result.exitCode());
        assertEquals("partial output\n", result.stdout());
        assertEquals("crjob: no coordinator\n", result.stderr());
    }

    @Test
    void aCommandKilledOnTheNodeKeepsSrunsWordForIt() {
        bin.fails("srun", 137, "srun: error: vm: task 0: Killed\n");
        var result = slurm.runOnJobNode("4", List.of("crjob", "status"), Duration.ofSeconds(2));
        assertEquals(137, result.exitCode());
        assertEquals("srun: error: vm: task 0: Killed\n", result.stderr());
    }

    @Test
    void srunThatCannotReachTheJobIsAnErrorInSlurmsOwnWords() {
        bin.fails("srun", 1, "srun: error: Slurm job 4 has expired\n");
        SlurmCommandException e = assertThrows(SlurmCommandException.class,
                () -> slurm.runOnJobNode("4", List.of("crjob", "status"), Duration.ofSeconds(2)));
        assertTrue(e.getMessage().startsWith("running crjob on the node of job 4 failed"), e.getMessage());
        assertTrue(e.getMessage().contains("srun --overlap --jobid=4"), e.getMessage());
        assertEquals("srun: error: Slurm job 4 has expired", e.slurmMessage());
    }

    @Test
    void srunForAJobSlurmDoesNotKnowIsAnUnknownJob() {
        bin.fails("srun", 1, "srun: error: Unable to confirm allocation for job 999: Invalid job id specified\n");
        UnknownJobException e = assertThrows(UnknownJobException.class,
                () -> slurm.runOnJobNode("999", List.of("crjob", "status"), Duration.ofSeconds(2)));
        assertEquals("999", e.jobId());
    }

    @Test
    void aCommandOnTheNodeThatRunsPastItsTimeoutIsKilledAndSaysSo() {
        bin.hangs("srun", 30);
        SlurmCommandException e = assertThrows(SlurmCommandException.class,
                () -> slurm.runOnJobNode("4", List.of("crjob", "checkpoint"), Duration.ofMillis(500)));
        assertInstanceOf(CommandTimedOutException.class, e.getCause());
    }

    @Test
    void noSrunOnPathIsAnErrorThatSaysSo(@TempDir Path empty) {
        Slurm nowhere = new SlurmCommands(new ExecCommandRunner(), empty, Duration.ofSeconds(2));
        SlurmCommandException e = assertThrows(SlurmCommandException.class,
                () -> nowhere.runOnJobNode("4", List.of("crjob", "status"), Duration.ofSeconds(2)));
        assertTrue(e.getMessage().contains("cannot run '" + empty.resolve("srun") + "'"), e.getMessage());
    }

    @Test
    void aMalformedJobIdNeverReachesSrun() {
        assertThrows(InvalidValueException.class,
                () -> slurm.runOnJobNode("4 --pty", List.of("bash"), Duration.ofSeconds(2)));
        assertTrue(bin.calls().isEmpty());
    }

    private static Instant localTime(String text) {
        return LocalDateTime.parse(text).atZone(ZoneId.systemDefault()).toInstant();
    }
}
