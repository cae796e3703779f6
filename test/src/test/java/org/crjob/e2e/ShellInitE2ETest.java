package org.crjob.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.crjob.engine.dmtcp.DmtcpInstallation;
import org.crjob.posix.Signal;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.JobState;
import org.crjob.slurm.SignalTarget;
import org.crjob.slurm.Slurm;
import org.crjob.slurm.SlurmTime;
import org.crjob.slurm.SubmitRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nersc_cr-compatible functions ({@code eval "$(crjob shell-init bash)"}) in real jobs on the local Slurm:
 * examples/nersc/perlmutter-cpu-signal-vt.sh, the signal-engine twin of NERSC's perlmutter-cpu-dmtcp-vt.sh,
 * as it is (sbatch options on the command line only shorten it), with examples/counting/count.sh as the
 * application; and one test per nersc_cr bug that crjob fixes.
 */
class ShellInitE2ETest extends SubmittedJobsTest {
    private static final Path TWIN = Crjob.REPO.resolve("examples/nersc/perlmutter-cpu-signal-vt.sh");
    private static final Path COUNT_SH = Crjob.REPO.resolve("examples/counting/count.sh");
    private static final String REQUEUE_LINE = "requeue_job func_trap USR1\n";
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    /** PATH for the job: crjob (in a directory of its own), as a user has it. */
    private String path;

    ShellInitE2ETest() {
        super(SubmittedJobs.coordinatorsQuitAfterEach(PATIENCE));
    }

    @BeforeEach
    void jobDirectory(@TempDir Path bin) throws IOException {
        Files.copy(COUNT_SH, dir.resolve("count.sh"), StandardCopyOption.COPY_ATTRIBUTES);
        path = Crjob.pathWithCrjobIn(bin);
    }

    @Test
    void theSignalTwinOfTheSeedsVtScriptRunsToCompletionThroughTwoRequeues() throws Exception {
        String id = submit(script(""), "00:30:00", 150);

        for (int run = 1; run <= 2; run++) {
            JobInfo held = requeueOnUsr1(id, run);
            SlurmTime left = SlurmTime.parse(held.comment());
            assertTrue(left.compareTo(SlurmTime.parse("00:29:00")) > 0 && left.compareTo(SlurmTime.parse("00:30:00")) < 0,
                    "the Comment is charged with the seconds the runs took, not the 5-minute limit (nersc_cr would"
                            + " have left 00:" + (30 - 5 * run) + ":00): " + left + "\n" + log());
            assertEquals(SlurmTime.ofMinutes(5), held.timeLimit());
            jobs.releaseUntilRunning(id);
        }
        JobInfo done = jobs.awaitEnd(id);

        assertEquals(JobState.COMPLETED, done.state(), log());
        assertEquals(2, done.restarts());
        assertEquals(IntStream.rangeClosed(1, 150).boxed().toList(), counted(), "every number exactly once\n" + log());
        assertTrue(log().contains("requeued (1 of at most 50)") && log().contains("requeued (2 of at most 50)"), log());
        assertTrue(log().contains("restarting from checkpoint generation 2"), log());
        assertTrue(log().matches("(?s).*checkpoint 2 done: .* in [0-9.]+ s; checkpoint overhead [0-9.]+ s\n.*"), log());
        assertReportShowsEachRunsEnding(id);
    }

    /** The job script drove crjob itself, and crjob report still has a row per run with how it ended. */
    private void assertReportShowsEachRunsEnding(String id) throws IOException {
        Crjob.Result report = report(id);
        JsonNode history = new ObjectMapper().readTree(report.out()).path("history");
        assertEquals(List.of("1 requeued", "2 requeued", "3 finished"), endings(history), report.out());
        assertEquals(300, history.path("runs").get(0).path("limitSeconds").asInt(), "the job's 5-minute limit, read"
                + " from Slurm by the coordinator: " + report.out());
        JsonNode last = history.path("runs").get(2);
        assertEquals(0, last.path("exitStatus").asInt(-1), report.out());
        assertTrue(history.path("runs").get(1).path("restore").isObject(), "run 2 restored: " + report.out());
        String events = Files.readString(dir.resolve(".crjob").resolve(id).resolve("events.jsonl"));
        assertEquals(3, occurrences(events, "\"event\":\"run-start\""), "one run-start a run:\n" + events);
        assertEquals(3, occurrences(events, "\"event\":\"run-end\""), "one run-end a run:\n" + events);
    }

    @Test
    void maxTimelimitWrittenAs48HoursStillInstallsTheTrap() throws Exception {
        // nersc_cr's parse_job failed on 48:00:00 with an arithmetic error, and requeue_job silently installed no trap
        String id = submit(script("max_timelimit=48:00:00\n"), "00:30:00", 100_000);

        JobInfo held = requeueOnUsr1(id, 1);

        assertTrue(log().contains("a run after a requeue gets at most 2-00:00:00 (max_timelimit); trap installed"), log());
        assertEquals(SlurmTime.ofMinutes(5), held.timeLimit(), "a cap above the limit leaves it as it is");
    }

    @Test
    void aCommentOf30IsThirtyMinutesAndMaxTimelimitLowersTheNextLimit() throws Exception {
        // nersc_cr read 30 as 30 seconds: the budget was spent before the job began
        // Without the twin's --time-min: Slurm refuses a TimeLimit below the job's TimeMin ("Invalid time-min
        // specification") and Slurm.updateTimeLimit does not lower TimeMin (yet); and with a TimeMin below -t, Slurm
        // starts the job with TimeMin as its limit, so there would be nothing left for max_timelimit to lower.
        String id = submit(script("max_timelimit=4\n").replace("#SBATCH --time-min=00:06:00\n", ""), "30", 100_000, null);
        awaitTrapInstalled(1);
        assertEquals(SlurmTime.ofMinutes(5), slurm.showJob(id).timeLimit());

        JobInfo held = requeueOnUsr1(id, 1);

        SlurmTime left = SlurmTime.parse(held.comment());
        assertTrue(left.compareTo(SlurmTime.parse("00:29:00")) > 0 && left.compareTo(SlurmTime.parse("00:30:00")) < 0,
                "30 is 30 minutes, charged with the seconds the run took: " + left + "\n" + log());
        assertEquals(SlurmTime.ofMinutes(4), held.timeLimit(), "max_timelimit=4 is 4 minutes\n" + log());
        assertTrue(log().contains("; the next run's limit is lowered to 00:04:00 (max_timelimit)\n"), log());
    }

    @Test
    void aCommentOf2Dash12IsSixtyHours() throws Exception {
        // nersc_cr read 2-12 as 132 seconds
        String id = submit(script(""), "2-12", 100_000);
        assertTrue(awaitTrapInstalled(1).contains("budget left 2-11:59:"), log());

        JobInfo held = requeueOnUsr1(id, 1);

        SlurmTime left = SlurmTime.parse(held.comment());
        assertTrue(left.compareTo(SlurmTime.parse("2-11:59:00")) > 0 && left.compareTo(SlurmTime.parse("2-12:00:00")) < 0,
                "2-12 is 60 hours, charged with the seconds the run took: " + left);
    }

    @Test
    void aBudgetTooSmallForAUsefulRunInstallsNoTrapSaysWhyAndTheRunGoesOn() throws Exception {
        String id = submit(script(""), "00:03:00", 30);

        JobInfo done = jobs.awaitEnd(id);

        assertEquals(JobState.COMPLETED, done.state(), log());
        assertEquals(0, done.restarts());
        Matcher line = Pattern.compile("requeue_job: no trap installed, this run is the last: the budget is spent: "
                + "00:0[23]:[0-9]{2} is left in the job's Comment, less than a useful run of 00:05:00\n").matcher(log());
        assertTrue(line.find(), log());
        assertFalse(log().contains("trap installed:"), log());
        assertEquals(IntStream.rangeClosed(1, 30).boxed().toList(), counted());
    }

    @Test
    void theDmtcpSeedWithoutDmtcpFailsTheJobLoudlyInsteadOfSucceeding() throws Exception {
        // nersc_cr's start_coordinator ran 'exit 0' without dmtcp_coordinator: the job "completed", having done nothing
        String root = System.getenv("DMTCP_ROOT");
        assumeFalse(Arrays.stream(path.split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, "dmtcp_coordinator")))
                || root != null && Files.isExecutable(Path.of(root, "bin", "dmtcp_coordinator")),
                "DMTCP is installed here (on PATH or in DMTCP_ROOT)");
        String script = Files.readString(Crjob.REPO.resolve("examples/nersc/perlmutter-cpu-dmtcp-vt.sh"));
        String id = submit(script, "00:30:00", 10);

        JobInfo done = jobs.awaitEnd(id);

        assertEquals(JobState.FAILED, done.state(), log());
        assertEquals("1:0", done.field("ExitCode").orElseThrow(), log());
        assertTrue(log().contains("start_coordinator: DMTCP is not available: there is no dmtcp_coordinator on PATH"), log());
        assertTrue(log().contains("module load dmtcp"), log());
    }

    /**
     * Issue 6's acceptance with DMTCP: NERSC's perlmutter-cpu-dmtcp-vt.sh, its module line replaced (here DMTCP is
     * loaded from DMTCP_ROOT), runs the seed's in-memory payload with its own {@code dmtcp_launch -j ./payload.sh &}
     * and after each requeue {@code ./dmtcp_restart_script.sh &}, to completion through two requeues.
     *
     * <p>The payload keeps its step only in memory. Within each run the steps are consecutive; a run after a
     * requeue starts at or after the last step seen before USR1 was sent (the checkpoint comes after it: no start
     * from scratch) and at most one past the previous run's last step (nothing lost). Steps printed between the
     * checkpoint and the end of a run are printed again by the next one: that work is redone, as with nersc_cr.
     */
    @Test
    void theDmtcpSeedRunsToCompletionThroughTwoRequeuesWithDmtcp() throws Exception {
        DmtcpInstallation dmtcp = DmtcpForTests.installationOrSkip();
        int steps = 60;
        BatchScripts.write(dir, "payload.sh", "for i in {1.." + steps + "}\ndo\necho \"step $i\"\ndate\nsleep 0.5\n"
                + "done\n");
        String seed = Files.readString(Crjob.REPO.resolve("examples/nersc/perlmutter-cpu-dmtcp-vt.sh"));
        assertTrue(seed.contains("\nmodule load dmtcp\n"), seed);
        String id = submit(seed.replace("\nmodule load dmtcp\n", "\nexport PATH=" + dmtcp.bin() + ":$PATH\n"),
                "00:30:00", 0);

        List<Integer> seenBeforeSignal = new ArrayList<>();
        for (int run = 1; run <= 2; run++) {
            int runs = run;
            awaitTrapInstalled(run);
            await().atMost(PATIENCE).until(() -> steps(id).size() == runs && steps(id).get(runs - 1).size() >= 5);
            List<Integer> current = steps(id).get(run - 1);
            seenBeforeSignal.add(current.get(current.size() - 1));
            slurm.signal(id, Signal.USR1, SignalTarget.BATCH_SHELL);
            try {
                await().atMost(PATIENCE).until(() -> slurm.showJob(id),
                        j -> j.state() == JobState.PENDING && j.restarts() == runs || j.state().isFinal());
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("run " + run + " was not requeued after USR1; the job's log:\n" + log(), e);
            }
            jobs.releaseUntilRunning(id);
        }
        JobInfo done = jobs.awaitEnd(id);

        assertEquals(JobState.COMPLETED, done.state(), log());
        assertEquals(2, done.restarts(), log());
        List<List<Integer>> runs = steps(id);
        assertEquals(3, runs.size(), log());
        assertEquals(1, runs.get(0).get(0), log());
        for (int run = 0; run < runs.size(); run++) {
            List<Integer> numbers = runs.get(run);
            for (int k = 1; k < numbers.size(); k++) {
                assertEquals(numbers.get(k - 1) + 1, numbers.get(k), "run " + (run + 1) + " steps on:\n" + log());
            }
            if (run > 0) {
                List<Integer> previous = runs.get(run - 1);
                int first = numbers.get(0);
                assertTrue(first >= seenBeforeSignal.get(run - 1) && first <= previous.get(previous.size() - 1) + 1,
                        "run " + (run + 1) + " continues from the checkpoint, not from step " + first + ":\n" + log());
            }
        }
        assertEquals(steps, runs.get(2).get(runs.get(2).size() - 1), log());
        assertTrue(log().contains("requeued (2 of at most 50)"), log());
        assertTrue(log().contains("restored for ./dmtcp_restart_script.sh"), log());
        assertTrue(Files.isSymbolicLink(dir.resolve("dmtcp_restart_script.sh")));
        Crjob.Result report = report(id);
        List<String> endings = endings(new ObjectMapper().readTree(report.out()).path("history"));
        assertEquals(List.of("1 requeued", "2 requeued"), endings.subList(0, 2), report.out());
        assertEquals(3, endings.size(), report.out());
        assertFalse(endings.get(2).endsWith("finished"), "the script's own dmtcp_launch is not crjob's to watch: its"
                + " end is not recorded, nor guessed\n" + report.out());
    }

    private Crjob.Result report(String id) {
        Crjob.Result report = Crjob.run(dir, "report", id, "--json");
        assertEquals(0, report.exitCode(), report.toString());
        return report;
    }

    /** "NUMBER ENDING" for each run of the report's history. */
    private static List<String> endings(JsonNode history) {
        List<String> endings = new ArrayList<>();
        history.path("runs").forEach(run -> endings.add(run.path("number").asInt() + " "
                + run.path("ending").asText()));
        return endings;
    }

    /** The "step N" lines of the job's output, one list per run (each run starts its coordinator). */
    private List<List<Integer>> steps(String id) {
        List<List<Integer>> runs = new ArrayList<>();
        for (String line : log().lines().toList()) {
            if (line.contains("coordinator for job " + id + " started")) {
                runs.add(new ArrayList<>());
            } else if (line.startsWith("step ") && !runs.isEmpty()) {
                runs.get(runs.size() - 1).add(Integer.parseInt(line.substring("step ".length()).trim()));
            }
        }
        runs.removeIf(List::isEmpty);
        return runs;
    }

    /** The twin as shipped, with {@code extra} lines before its requeue_job line. */
    private String script(String extra) throws IOException {
        String twin = Files.readString(TWIN);
        assertTrue(twin.contains(REQUEUE_LINE), TWIN + " calls " + REQUEUE_LINE);
        return twin.replace(REQUEUE_LINE, extra + REQUEUE_LINE);
    }

    /** Waits until run {@code run} has installed its trap, sends USR1 as Slurm would, and waits for the requeue. */
    private JobInfo requeueOnUsr1(String id, int run) {
        awaitTrapInstalled(run);
        slurm.signal(id, Signal.USR1, SignalTarget.BATCH_SHELL);
        return await().atMost(PATIENCE).until(() -> slurm.showJob(id),
                j -> j.state() == JobState.PENDING && j.restarts() == run || j.state().isFinal());
    }

    /** Before the trap is in place USR1 would kill the batch shell (bash's default action). */
    private String awaitTrapInstalled(int times) {
        await().atMost(PATIENCE).until(() -> occurrences(log(), "trap installed:") >= times);
        return log();
    }

    private String submit(String script, String comment, int countTo) throws IOException {
        return submit(script, comment, countTo, "--time-min=5");
    }

    /** @param timeMin a --time-min option, or null for none beyond the script's own */
    private String submit(String script, String comment, int countTo, String timeMin) throws IOException {
        Path file = dir.resolve("vt.sh");
        Files.writeString(file, script);
        List<String> options = new ArrayList<>(List.of("-t", "5", "--comment=" + comment,
                "--output=" + dir.resolve("job.log"), "--error=" + dir.resolve("job.log"),
                "--export=ALL,PATH=" + path + ",COUNT_TO=" + countTo + ",COUNT_STEP=0.1"));
        if (timeMin != null) {
            options.add(timeMin);
        }
        return jobs.submit(SubmitRequest.of(file).withOptions(options.toArray(String[]::new)).from(dir));
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    private List<Integer> counted() {
        return BatchScripts.read(dir.resolve("count.txt")).lines().filter(l -> !l.isBlank())
                .map(Integer::parseInt).toList();
    }

    private String log() {
        return BatchScripts.read(dir.resolve("job.log"));
    }
}
