package org.crjob.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.crjob.engine.dmtcp.DmtcpEngine;
import org.crjob.posix.Posix;
import org.crjob.posix.Signal;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.JobState;
import org.crjob.slurm.SignalTarget;
import org.crjob.slurm.Slurm;
import org.crjob.slurm.SubmitRequest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DMTCP engine on the local Slurm (skipped without DMTCP, found through DMTCP_ROOT then PATH): an unmodified
 * bash counter launched under crjob with --engine dmtcp, checkpointed from outside the job, stopped, and restarted
 * in a new job, continues from the value it had at the checkpoint.
 */
class DmtcpE2ETest extends DmtcpJobsTest {

    private static final Duration SCHEDULED = Duration.ofSeconds(60);
    private static final String COUNTER = "bash -c 'i=0; while :; do echo $((i++)) >> out; sleep 0.2; done'";

    private final CoordinatorJobs coordinatorJobs = new CoordinatorJobs(jobs, "start-coordinator --engine dmtcp");

    @TempDir
    Path elsewhere;

    DmtcpE2ETest() {
        super(SubmittedJobs.coordinatorsQuitAfterEach(SCHEDULED));
    }

    @Test
    void theCounterContinuesFromTheCheckpointInANewJob() throws Exception {
        String first = submit("launch.sh", "launch --no-gzip -- " + COUNTER);
        awaitCount(5);

        int before = lastCount();
        Crjob.Result checkpoint = Crjob.run(elsewhere, "checkpoint", "--job", first);
        int after = lastCount();

        assertEquals(0, checkpoint.exitCode(), checkpoint::toString);
        assertTrue(checkpoint.out().matches("checkpoint 1 done: .* in [0-9.]+ s\n"), checkpoint::toString);
        awaitCount(after + 10); // counting goes on: these values are lost with job 1
        Crjob.Result quit = Crjob.run(elsewhere, "quit", "--job", first);
        assertEquals(0, quit.exitCode(), quit::toString);
        jobs.awaitEnd(first);
        int stoppedAt = lastCount();

        Files.writeString(dir.resolve("out"), "restarted\n", StandardOpenOption.APPEND);
        String second = submit("restart.sh", "restart");
        await().atMost(SCHEDULED).until(() -> afterRestart().size() >= 3);

        int resumed = afterRestart().get(0);
        String output = BatchScripts.read(dir.resolve("restart.sh.out"));
        assertTrue(resumed >= before && resumed <= after + 1, "job 2 continued from the checkpoint (" + before + ".."
                + after + "), not from " + stoppedAt + ": it wrote " + afterRestart() + "; its output:\n" + output);
        assertTrue(output.contains("restarting from checkpoint generation 1"), output);
        Crjob.Result quitSecond = Crjob.run(elsewhere, "quit", "--job", second);
        assertEquals(0, quitSecond.exitCode(), quitSecond::toString);
        jobs.awaitEnd(second);
    }

    @Test
    void nerscsDmtcpCommandWrapperCheckpointsFromTheJobsDirectory() throws Exception {
        String id = submit("launch.sh", "launch --no-gzip -- " + COUNTER);
        awaitCount(5);
        Path wrapper = dir.resolve("dmtcp_command." + id);
        assertEquals("rwx------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(wrapper)));

        Crjob.Result checkpoint = Crjob.exec(List.of("./dmtcp_command." + id, "--checkpoint"), dir,
                Map.of());
        Crjob.Result again = Crjob.exec(List.of("./dmtcp_command." + id, "-c"), dir, Map.of());
        Crjob.Result status = Crjob.exec(List.of("./dmtcp_command." + id, "-s"), dir, Map.of());
        Crjob.Result unknown = Crjob.exec(List.of("./dmtcp_command." + id, "--kill"), dir, Map.of());

        assertEquals(0, checkpoint.exitCode(), checkpoint::toString);
        assertTrue(checkpoint.out().startsWith("checkpoint 1 done"), checkpoint::toString);
        assertTrue(Files.isDirectory(dir.resolve("crjob.ckpt").resolve("gen-000001")));
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(Files.isDirectory(dir.resolve("crjob.ckpt").resolve("gen-000002")), again::toString);
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(status.out().contains("dmtcp"), status::toString);
        assertEquals(2, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.err().contains("unsupported option '--kill'"), unknown::toString);

        Crjob.Result quit = Crjob.exec(List.of("./dmtcp_command." + id, "--quit"), dir, Map.of());
        assertEquals(0, quit.exitCode(), quit::toString);
        jobs.awaitEnd(id);
    }

    /**
     * crjob run --engine dmtcp as a variable-time job: a counter that keeps its state only in memory and prints
     * it to the job's output is requeued twice (USR1 to the batch shell, as Slurm's --signal=B: sends it), and
     * each run after a requeue continues the count under dmtcp_restart, until the counter ends on its own.
     *
     * <p>What is asserted, and why it is honest: the job's output holds every number 1..N exactly once, in
     * order, over three runs: within each run the program really ran (consecutive numbers), and each run after a
     * requeue starts exactly one past the previous run's last number. Nothing is lost and nothing done twice,
     * because the last checkpoint of a run is DMTCP's -kc: the counter ends with its images, so it prints nothing
     * the checkpoint does not hold. A restarted run also starts at or after the last number seen before the test
     * sent the signal (the checkpoint comes after it: no start from scratch).
     */
    @Test
    void crjobRunWithDmtcpContinuesAnInMemoryCounterAcrossTwoRequeues() throws Exception {
        int countTo = 300;
        String counter = nonForkingCounter(countTo, 0);
        Path script = BatchScripts.write(dir, "run.sh", "export DMTCP_ROOT=" + dmtcp.bin().getParent() + "\n"
                + "exec " + Crjob.LAUNCHER + " run --engine dmtcp --no-gzip --min-run 1 -- " + counter + "\n");
        String id = jobs.submit(SubmitRequest.of(script).withOptions("--job-name=crjob-e2e-dmtcp-run", "-t", "5",
                "--comment=00:30:00", "--signal=B:USR1@60", "--requeue", "--open-mode=append",
                "--output=" + dir.resolve("run.log")).from(dir));

        List<Integer> seenBeforeSignal = new ArrayList<>();
        for (int run = 1; run <= 2; run++) {
            int runs = run;
            await().atMost(SCHEDULED).until(() -> runs(id).size() == runs
                    && runs(id).get(runs - 1).size() >= 10);
            List<Integer> current = runs(id).get(run - 1);
            seenBeforeSignal.add(current.get(current.size() - 1));
            slurm.signal(id, Signal.USR1, SignalTarget.BATCH_SHELL);
            await().atMost(SCHEDULED).until(() -> slurm.showJob(id),
                    j -> j.state() == JobState.PENDING && j.restarts() == runs);
            jobs.releaseUntilRunning(id);
        }
        JobInfo done = await().atMost(Duration.ofSeconds(120)).until(() -> slurm.showJob(id),
                j -> j.state().isFinal());

        String log = BatchScripts.read(dir.resolve("run.log"));
        assertEquals(JobState.COMPLETED, done.state(), log);
        List<List<Integer>> runs = runs(id);
        assertEquals(3, runs.size(), log);
        assertEquals(1, runs.get(0).get(0), log);
        for (int run = 0; run < runs.size(); run++) {
            List<Integer> numbers = runs.get(run);
            for (int k = 1; k < numbers.size(); k++) {
                assertEquals(numbers.get(k - 1) + 1, numbers.get(k), "run " + (run + 1) + " counts on:\n" + log);
            }
        }
        for (int run = 1; run < runs.size(); run++) {
            int first = runs.get(run).get(0);
            List<Integer> previous = runs.get(run - 1);
            int lastBefore = previous.get(previous.size() - 1);
            assertTrue(first >= seenBeforeSignal.get(run - 1), "run " + (run + 1) + " starts at " + first + ": it"
                    + " should continue from the checkpoint, taken after " + seenBeforeSignal.get(run - 1)
                    + " was printed:\n" + log);
            assertEquals(lastBefore + 1, first, "run " + (run + 1) + " continues exactly where run " + run
                    + " stopped: nothing lost, nothing printed twice:\n" + log);
        }
        assertEquals(countTo, runs.get(2).get(runs.get(2).size() - 1), log);
        assertTrue(log.contains("restarting from checkpoint generation 1") && log.contains(
                "restarting from checkpoint generation 2"), log);
        assertTrue(log.contains("requeued (2 of at most 50)"), log);
    }

    /**
     * A pass-through with an effect a user sees: a program launched with {@code crjob launch --modify-env} and
     * restarted in a new job reads (with getenv, as a C or Fortran code does) the new job's SLURM_JOB_ID and
     * CRJOB_RESTART_COUNT, not those of the job that launched it: crjob passes --modify-env to dmtcp_launch and points
     * DMTCP's modify-env plugin at a file of the new run's variables.
     */
    @Test
    void aProgramLaunchedWithModifyEnvSeesTheNewJobsVariablesAfterARestart() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(python), "needs " + python + " for a program that calls getenv()");
        Files.writeString(dir.resolve("ids.py"), """
                import ctypes, time
                libc = ctypes.CDLL(None)
                libc.getenv.restype = ctypes.c_char_p
                while True:
                    ids = [libc.getenv(n) or b"-" for n in (b"SLURM_JOB_ID", b"CRJOB_RESTART_COUNT")]
                    with open("ids", "ab") as out:
                        out.write(b" ".join(ids) + b"\\n")
                    time.sleep(0.2)
                """);
        String first = submit("launch.sh", "launch --no-gzip --modify-env -- " + python + " ids.py");
        await().atMost(SCHEDULED).until(() -> lines("ids").size() >= 3);
        assertEquals(first + " 0", lines("ids").get(0), "job 1 sees its own variables");
        Crjob.Result checkpoint = Crjob.run(elsewhere, "checkpoint", "--job", first);
        assertEquals(0, checkpoint.exitCode(), checkpoint::toString);
        Crjob.Result quit = Crjob.run(elsewhere, "quit", "--job", first);
        assertEquals(0, quit.exitCode(), quit::toString);
        jobs.awaitEnd(first);

        Files.writeString(dir.resolve("ids"), "restarted\n", StandardOpenOption.APPEND);
        String second = submit("restart.sh", "restart");
        await().atMost(SCHEDULED).until(() -> lines("ids").size() > lines("ids").indexOf("restarted") + 2);

        List<String> after = lines("ids").subList(lines("ids").indexOf("restarted") + 1, lines("ids").size());
        // the first line may hold values read before the checkpoint and written after the restart
        assertEquals(second + " 1", after.get(after.size() - 1), "the restarted program reads job 2's variables: "
                + after + "\n"
                + BatchScripts.read(dir.resolve("restart.sh.out")));
        Crjob.Result quitSecond = Crjob.run(elsewhere, "quit", "--job", second);
        assertEquals(0, quitSecond.exitCode(), quitSecond::toString);
        jobs.awaitEnd(second);
    }

    /**
     * Issue 5's third acceptance: a checkpoint interrupted by kill -9 of dmtcp_coordinator leaves the previous
     * generation usable. The checkpoint fails at once with a message that says so; the store's latest is still the
     * previous, complete generation and verifies; the computation, whose coordinator is gone, ends with DMTCP's
     * failure status, and crjob run requeues the job (this run stored a checkpoint), whose next run restarts from
     * that generation and counts on to the end.
     */
    @Test
    void aCheckpointInterruptedByKillingDmtcpCoordinatorLeavesThePreviousGenerationUsable() throws Exception {
        int countTo = 200;
        // some memory, compressed: the checkpoint lasts long enough (seconds) to be interrupted
        String counter = nonForkingCounter(countTo, 40_000_000);
        Path script = BatchScripts.write(dir, "run.sh", "export DMTCP_ROOT=" + dmtcp.bin().getParent() + "\n"
                + "exec " + Crjob.LAUNCHER + " run --engine dmtcp --min-run 1 -- " + counter + "\n");
        String id = jobs.submit(SubmitRequest.of(script).withOptions("--job-name=crjob-e2e-dmtcp-kill", "-t", "5",
                "--comment=00:30:00", "--requeue", "--open-mode=append", "--output=" + dir.resolve("run.log"))
                .from(dir));
        await().atMost(SCHEDULED).until(() -> runs(id).size() == 1 && runs(id).get(0).size() >= 10);
        int before = last(runs(id).get(0));
        Crjob.Result first = Crjob.run(elsewhere, "checkpoint", "--job", id);
        int after = last(runs(id).get(0));
        assertEquals(0, first.exitCode(), first::toString);

        CompletableFuture<Crjob.Result> second = CompletableFuture
                .supplyAsync(() -> Crjob.run(elsewhere, "checkpoint", "--job", id));
        Path images = dir.resolve("crjob.ckpt").resolve(id).resolve("dmtcp"); // crjob run's own store
        await().atMost(SCHEDULED).until(() -> listing(images).stream().anyMatch(n -> n.endsWith(".temp")));
        Posix.kill((int) DmtcpForTests.coordinatorOf(dir, id), Signal.KILL);
        Crjob.Result interrupted = second.get(SCHEDULED.toSeconds(), TimeUnit.SECONDS);

        assertEquals(6, interrupted.exitCode(), interrupted::toString);
        assertTrue(interrupted.err().contains("ended during the checkpoint") && interrupted.err().contains(
                "generation 1 is still the latest"), interrupted::toString);
        String store = dir.resolve("crjob.ckpt").resolve(id).toString();
        Crjob.Result verify = Crjob.run(dir, "checkpoints", "verify", "--ckpt-dir", store);
        assertEquals(0, verify.exitCode(), verify::toString);
        Crjob.Result list = Crjob.run(dir, "checkpoints", "--json", "--ckpt-dir", store);
        assertTrue(list.out().contains("\"generation\":1") && !list.out().contains("\"generation\":2"),
                list::toString);

        await().atMost(SCHEDULED).until(() -> slurm.showJob(id),
                j -> j.state() == JobState.PENDING && j.restarts() == 1 || j.state().isFinal());
        String log = secondRunContinuesFromGenerationOne(id, before, after, countTo);
        assertTrue(log.contains("DMTCP failed (exit status " + DmtcpEngine.FAIL_RC), log);
    }

    /** Releases the requeued job, awaits its end and checks its second run counted on from generation 1 to the end. */
    private String secondRunContinuesFromGenerationOne(String id, int before, int after, int countTo) {
        jobs.releaseUntilRunning(id);
        JobInfo done = await().atMost(Duration.ofSeconds(120)).until(() -> slurm.showJob(id),
                j -> j.state().isFinal());
        String log = BatchScripts.read(dir.resolve("run.log"));
        assertEquals(JobState.COMPLETED, done.state(), log);
        assertTrue(log.contains("restarting from checkpoint generation 1"), log);
        List<Integer> resumed = runs(id).get(1);
        assertTrue(resumed.get(0) >= before && resumed.get(0) <= after + 1, "run 2 continues from generation 1 (taken"
                + " between counts " + before + " and " + after + "): " + resumed + "\n" + log);
        assertEquals(countTo, last(resumed), log);
        return log;
    }

    /**
     * Issue 15 part 4: anyone who reaches the job's DMTCP port can end its computation ({@code dmtcp_command -k}),
     * and DMTCP 4.2 ends every process of it with status 0, as if the program had finished. crjob run must not take
     * that for the application's end: this run stored a checkpoint, so the job is requeued, and its next run restarts
     * from that generation and counts on to the end (before the fix: "the application exited with status 0" and the
     * job COMPLETED with its count unfinished).
     */
    @Test
    void aComputationKilledByDmtcpCommandOnTheJobsPortIsRequeuedFromTheLastGenerationNotFinished() throws Exception {
        int countTo = 150;
        Path script = BatchScripts.write(dir, "run.sh", "export DMTCP_ROOT=" + dmtcp.bin().getParent() + "\n"
                + "exec " + Crjob.LAUNCHER + " run --engine dmtcp --no-gzip --min-run 1 -- "
                + nonForkingCounter(countTo, 0) + "\n");
        String id = jobs.submit(SubmitRequest.of(script).withOptions("--job-name=crjob-e2e-dmtcp-k", "-t", "5",
                "--comment=00:30:00", "--requeue", "--open-mode=append", "--output=" + dir.resolve("run.log"))
                .from(dir));
        await().atMost(SCHEDULED).until(() -> runs(id).size() == 1 && runs(id).get(0).size() >= 10);
        int before = last(runs(id).get(0));
        Crjob.Result checkpoint = Crjob.run(elsewhere, "checkpoint", "--job", id);
        int after = last(runs(id).get(0));
        assertEquals(0, checkpoint.exitCode(), checkpoint::toString);
        await().atMost(SCHEDULED).until(() -> last(runs(id).get(0)) >= after + 5);

        Crjob.Result kill = dmtcpCommandOnTheJobsPort(id, "-k");
        assertEquals(0, kill.exitCode(), kill::toString);
        JobInfo afterKill = await().atMost(SCHEDULED).until(() -> slurm.showJob(id),
                j -> j.state() == JobState.PENDING && j.restarts() == 1 || j.state().isFinal());
        String firstRun = BatchScripts.read(dir.resolve("run.log"));
        assertEquals(JobState.PENDING, afterKill.state(), "requeued, not ended:\n" + firstRun);
        assertTrue(firstRun.contains("DMTCP's coordinator killed the computation"), firstRun);
        assertTrue(!firstRun.contains("the application exited with status 0"), firstRun);

        secondRunContinuesFromGenerationOne(id, before, after, countTo);
    }

    /**
     * The same rule under the detached coordinator: {@code crjob launch} reports a computation killed through the
     * job's DMTCP port as the engine's failure, with its own exit status, so the job script does not end as done
     * (before the fix: launch returned 0 and the job COMPLETED).
     */
    @Test
    void crjobLaunchReportsAComputationKilledByDmtcpCommandAsAnEngineFailure() throws Exception {
        String id = submit("launch.sh", "launch --no-gzip -- " + COUNTER);
        awaitCount(5);

        Crjob.Result kill = dmtcpCommandOnTheJobsPort(id, "-k");
        assertEquals(0, kill.exitCode(), kill::toString);
        JobInfo done = await().atMost(SCHEDULED).until(() -> slurm.showJob(id), j -> j.state().isFinal());

        String output = BatchScripts.read(dir.resolve("launch.sh.out"));
        assertEquals(JobState.FAILED, done.state(), output);
        assertTrue(output.contains("DMTCP's coordinator killed the computation"), output);
    }

    /** DMTCP's own dmtcp_command on the port of job {@code id}'s dmtcp_coordinator, as another user could run it. */
    private Crjob.Result dmtcpCommandOnTheJobsPort(String id, String command) throws IOException {
        String port = Files.readString(dir.resolve(".crjob").resolve(id).resolve("dmtcp.port")).trim();
        return Crjob.exec(List.of(dmtcp.command().toString(), "-h", "localhost", "-p", port, command), elsewhere,
                Map.of());
    }

    private List<String> lines(String name) throws IOException {
        Path file = dir.resolve(name);
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    private static int last(List<Integer> values) {
        return values.get(values.size() - 1);
    }

    private static List<String> listing(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** The "count N" lines of the job's output, one list per run (a run after a requeue starts at crjob's line). */
    private List<List<Integer>> runs(String id) {
        List<List<Integer>> runs = new ArrayList<>();
        for (String line : BatchScripts.read(dir.resolve("run.log")).lines().toList()) {
            if (line.contains("launching ") || line.contains("restarting from checkpoint generation")) {
                runs.add(new ArrayList<>());
            } else if (line.startsWith("count ") && !runs.isEmpty()) {
                runs.get(runs.size() - 1).add(Integer.parseInt(line.substring("count ".length()).trim()));
            }
        }
        runs.removeIf(List::isEmpty);
        return runs;
    }

    private List<Integer> afterRestart() throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("out"));
        return lines.subList(lines.indexOf("restarted") + 1, lines.size()).stream().map(String::trim)
                .map(Integer::parseInt).toList();
    }

    private int lastCount() throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("out"));
        return Integer.parseInt(lines.get(lines.size() - 1).trim());
    }

    private void awaitCount(int atLeast) {
        await().atMost(SCHEDULED).until(() -> Files.exists(dir.resolve("out")) && lastCount() >= atLeast);
    }

    /** A job that starts a dmtcp coordinator and then runs {@code crjob CRJOB_ARGS} in {@link #dir}. */
    private String submit(String name, String crjobArgs) {
        return coordinatorJobs.submit(dir, name, "DMTCP_ROOT=" + dmtcp.bin().getParent(), crjobArgs);
    }

    /**
     * A counter that never forks (DMTCP 4.2 kills a process that forks as a checkpoint begins, dmtcp-facts 19: a
     * bash loop's {@code sleep} did, one run in a few on a busy machine), holding {@code ballastBytes} of random
     * memory so that its checkpoint takes a while.
     */
    private String nonForkingCounter(int countTo, int ballastBytes) throws IOException {
        Path python = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(python), "needs " + python + " for a counter that does not fork");
        Files.writeString(dir.resolve("count.py"), "import base64, os, time\n"
                + "ballast = base64.b64encode(os.urandom(" + ballastBytes + "))\n"
                + "for i in range(1, " + countTo + " + 1):\n"
                + "    print(f'count {i}', flush=True)\n    time.sleep(0.1)\n");
        return python + " count.py";
    }
}
