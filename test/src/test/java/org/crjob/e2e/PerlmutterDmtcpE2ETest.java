package org.crjob.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.crjob.posix.Signal;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.JobState;
import org.crjob.slurm.SignalTarget;
import org.crjob.slurm.Slurm;
import org.crjob.slurm.SubmitRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/perlmutter's DMTCP scripts, as shipped, on the local Slurm (skipped without DMTCP, found through
 * DMTCP_ROOT then PATH): submitted unchanged from a directory holding them and payload.sh, with crjob on PATH; only
 * the payload's length (STEPS, STEP_SECONDS) and the checkpoint interval (CKPT_INTERVAL) come from the environment,
 * so the test is quick. The payload keeps its step in memory only (PAYLOAD_STATE=none, set by the scripts): only
 * DMTCP can carry it from one job to the next.
 */
class PerlmutterDmtcpE2ETest extends DmtcpJobsTest {
    private static final Path EXAMPLES = Crjob.REPO.resolve("examples/perlmutter");
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    /** PATH for the job: crjob (in a directory of its own), as a user has it. */
    private String path;

    PerlmutterDmtcpE2ETest() {
        super(SubmittedJobs.coordinatorsQuitAfterEach(PATIENCE));
    }

    @BeforeEach
    void theExamplesAndCrjobOnPath(@TempDir Path bin) throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sh")).toList()) {
                Files.copy(file, dir.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        path = Crjob.pathWithCrjobIn(bin);
    }

    /**
     * Issue 5's first acceptance: the payload launched by perlmutter-cpu-dmtcp.sh checkpoints from a login-node style
     * command (NERSC's ./dmtcp_command.JOBID --checkpoint), is killed, and
     * perlmutter-cpu-dmtcp-restart.sh in a new job continues from the step it had reached, to the end.
     */
    @Test
    void theRestartScriptContinuesTheLaunchedPayloadInANewJobFromTheStepItReached() throws Exception {
        int steps = 20;
        // one checkpoint (the login node's), no periodic one, and 3-second steps: chosen while the payload still forked
        // a sleep per step, which a DMTCP checkpoint meeting the fork killed (docs/dmtcp-facts.md, 19); it forks
        // nothing per step now, and the test keeps the settings it was stable with
        String first = submit("perlmutter-cpu-dmtcp.sh", steps, 3, 0);
        await().atMost(PATIENCE).until(() -> steps(first).size() >= 4);

        int before = last(steps(first));
        Crjob.Result checkpoint = Crjob.exec(List.of("./dmtcp_command." + first, "--checkpoint"), dir, Map.of());
        int after = last(steps(first));
        assertEquals(0, checkpoint.exitCode(), checkpoint::toString);
        assertTrue(checkpoint.out().matches("checkpoint [0-9]+ done: .*\n"), checkpoint::toString);
        await().atMost(PATIENCE).until(() -> last(steps(first)) >= after + 3); // work the next job must not lose...
        slurm.cancel(first); // ...or keep: this job is killed, as at its time limit
        jobs.awaitEnd(first);
        int killedAt = last(steps(first));

        // no periodic checkpoint in the restart job: none is needed here (each one was a chance for DMTCP to kill the
        // payload while it forked a sleep per step, which failed this test under load: docs/dmtcp-facts.md, 19)
        String second = submit("perlmutter-cpu-dmtcp-restart.sh", steps, 3, 0);
        JobInfo done = jobs.awaitEnd(second);

        String out = output(second);
        assertEquals(JobState.COMPLETED, done.state(), out + errors(second));
        List<Integer> resumed = steps(second);
        assertTrue(resumed.get(0) > before && resumed.get(0) <= killedAt + 1, "the new job continues from a checkpoint"
                + " taken after step " + before + " (it did not start over) and at most from step " + (killedAt + 1)
                + " (nothing skipped): it printed " + resumed + "\n" + out);
        assertEquals(IntStream.rangeClosed(resumed.get(0), steps).boxed().toList(), resumed, out);
        assertTrue(out.contains("payload: all " + steps + " steps done"), out);
        assertTrue(errors(second).contains("restarting from checkpoint generation"), errors(second));
    }

    /**
     * Issue 5's second acceptance: perlmutter-cpu-dmtcp-vt.sh with a budget of three runs (its own header: 6-minute
     * runs, --comment=00:17:00) runs to completion through two requeues (USR1 sent as Slurm's --signal=B: sends it),
     * every step printed exactly once, and the store holds only complete generations.
     */
    @Test
    void theVariableTimeScriptFinishesThroughTwoRequeuesWithEveryStepOnceAndOnlyCompleteGenerations()
            throws Exception {
        // enough steps that the payload is still working when the second run checkpoints: with a lead of 60 s, crjob
        // checkpoints some 30 s after the signal (its log says when), and the payload's steps last their second each
        int steps = 60;
        String id = submit("perlmutter-cpu-dmtcp-vt.sh", steps, 1, 0);

        for (int run = 1; run <= 2; run++) {
            int runs = run;
            await().atMost(PATIENCE).until(() -> runOutputs(id) == runs && stepsOf(output(id)).size() >= runs * 8);
            slurm.signal(id, Signal.USR1, SignalTarget.BATCH_SHELL);
            await().atMost(PATIENCE).until(() -> slurm.showJob(id),
                    j -> j.state() == JobState.PENDING && j.restarts() == runs || j.state().isFinal());
            jobs.releaseUntilRunning(id);
        }
        JobInfo done = jobs.awaitEnd(id);

        String out = output(id);
        String log = errors(id);
        assertEquals(JobState.COMPLETED, done.state(), out + log);
        assertEquals(2, done.restarts(), log);
        assertEquals(IntStream.rangeClosed(1, steps).boxed().toList(), stepsOf(out), "every step once, in order:\n"
                + out + log);
        assertTrue(log.contains("requeued (2 of at most 50)"), log);
        assertTrue(log.contains("restarting from checkpoint generation 2"), log);
        Path jobStore = dir.resolve("crjob.ckpt").resolve(id); // crjob run's own store
        Crjob.Result verify = Crjob.run(dir, "checkpoints", "verify", "--ckpt-dir", jobStore.toString());
        assertEquals(0, verify.exitCode(), "every generation in the store verifies: " + verify);
        try (Stream<Path> store = Files.list(jobStore)) {
            List<String> names = store.map(p -> p.getFileName().toString()).sorted().toList();
            assertTrue(names.stream().allMatch(n -> n.matches("gen-[0-9]{6}|latest|dmtcp|\\.lock")),
                    "only complete generations (no staging directory left): " + names);
            assertEquals(2, names.stream().filter(n -> n.startsWith("gen-")).count(), names.toString());
        }
    }

    private String submit(String script, int steps, int stepSeconds, int interval) {
        return jobs.submit(SubmitRequest.of(dir.resolve(script)).withOptions("--export=ALL,PATH=" + path
                + ",DMTCP_ROOT=" + dmtcp.bin().getParent() + ",STEPS=" + steps + ",STEP_SECONDS=" + stepSeconds
                + ",CKPT_INTERVAL=" + interval).from(dir));
    }

    /** The job's stdout: #SBATCH -o %x-%j.out, with the scripts' job names. */
    private String output(String id) {
        return read(id, ".out");
    }

    private String errors(String id) {
        return read(id, ".err");
    }

    private String read(String id, String suffix) {
        String name = slurm.showJob(id).field("JobName").orElse("test");
        Path file = dir.resolve(name + "-" + id + suffix);
        return Files.exists(file) ? BatchScripts.read(file) : "";
    }

    private List<Integer> steps(String id) {
        return stepsOf(output(id));
    }

    private static List<Integer> stepsOf(String output) {
        return output.lines().filter(l -> l.matches("step [0-9]+")).map(l -> Integer.parseInt(l.substring(5))).toList();
    }

    /** How many runs of the variable-time job have started: each prints its restart count first. */
    private int runOutputs(String id) {
        return (int) output(id).lines().filter(l -> l.startsWith("restart count: ")).count();
    }

    private static int last(List<Integer> values) {
        return values.isEmpty() ? 0 : values.get(values.size() - 1);
    }
}
