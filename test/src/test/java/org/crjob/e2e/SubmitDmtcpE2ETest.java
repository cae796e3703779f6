package org.crjob.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.crjob.posix.Signal;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.JobState;
import org.crjob.slurm.SignalTarget;
import org.junit.jupiter.api.Test;

/**
 * The templates dmtcp-start and dmtcp-restart (NERSC's DMTCP start and restart jobs), and dmtcp-vt (the
 * variable-time job), submitted with crjob submit on the local Slurm, with an unmodified in-memory counter
 * (skipped without DMTCP, found through DMTCP_ROOT then PATH).
 */
class SubmitDmtcpE2ETest extends DmtcpJobsTest {
    /**
     * Counts in memory, one number every 0.2 s, without forking: read -t on a FIFO nobody writes to is the pause. A
     * sleep child every step would put a fork in most checkpoints, which DMTCP 4.2 here sometimes fails to resume.
     */
    private static final String COUNTER = "mkfifo pause; exec 9<>pause; i=0; while :; do echo $((i++)) >> out;"
            + " read -t 0.2 -u 9; done";
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    SubmitDmtcpE2ETest() {
        super(SubmittedJobs.cancelledAfterEach(PATIENCE));
    }

    @Test
    void theStartJobCheckpointsOnTheSignalAndTheRestartJobGoesOnFromThere() throws Exception {
        writeSpec("template: dmtcp-start\n");

        String start = submit();
        await().atMost(PATIENCE).until(() -> counted().size() >= 5);
        slurm.signal(start, Signal.USR1, SignalTarget.BATCH_SHELL);
        JobInfo started = jobs.awaitEnd(start);
        int stoppedAt = counted().get(counted().size() - 1);

        assertEquals(JobState.COMPLETED, started.state(), "checkpointed and stopped on purpose: " + log(start));
        Files.writeString(dir.resolve("out"), "restarted\n", StandardOpenOption.APPEND);
        String restart = submit("--set", "template=dmtcp-restart");
        await().atMost(PATIENCE).until(() -> afterRestart().size() >= 3);
        slurm.signal(restart, Signal.USR1, SignalTarget.BATCH_SHELL);
        JobInfo restarted = jobs.awaitEnd(restart);

        int resumed = afterRestart().get(0);
        assertTrue(resumed >= 5 && resumed <= stoppedAt + 1, "the restart job went on from the checkpoint taken at"
                + " the signal (the start job stopped at " + stoppedAt + "), not from 0: " + afterRestart());
        assertTrue(log(restart).contains("restarting from checkpoint generation 1"), log(restart));
        assertEquals(JobState.COMPLETED, restarted.state(), log(restart));
        assertTrue(Files.isDirectory(dir.resolve("crjob.ckpt/gen-000002")), "the restart job checkpointed too");
    }

    @Test
    void theVariableTimeTemplateRequeuesItselfAndTheProgramGoesOnFromItsCheckpoint() throws Exception {
        writeSpec("template: dmtcp-vt\nbudget: \"01:00:00\"\n");
        String id = submit();
        await().atMost(PATIENCE).until(() -> counted().size() >= 5);

        slurm.signal(id, Signal.USR1, SignalTarget.BATCH_SHELL);
        await().atMost(PATIENCE).until(() -> slurm.showJob(id), j -> j.restarts() == 1);
        LocalSlurm.releaseUntilRunning(slurm, id, PATIENCE);
        await().atMost(PATIENCE).until(() -> log(id).contains("restarting from checkpoint generation 1"));
        int atRestart = counted().size();
        await().atMost(PATIENCE).until(() -> counted().size() >= atRestart + 5);
        slurm.cancel(id);
        await().atMost(PATIENCE).until(() -> slurm.showJob(id), j -> j.state().isFinal());

        List<Integer> numbers = counted();
        assertEquals(IntStream.range(0, numbers.size()).boxed().toList(), numbers, "the program went on from its"
                + " checkpoint: every number once, none lost across the requeue (" + log(id) + ")");
        assertTrue(log(id).contains("requeued (1 of at most"), log(id));
        assertTrue(Files.isDirectory(dir.resolve("crjob.ckpt/gen-000001")), "the spec's store holds the checkpoint");
    }

    /** The program under DMTCP, with this template's own keys added. */
    private void writeSpec(String templateKeys) throws IOException {
        Files.writeString(dir.resolve("dmtcp.yaml"), "name: dmtcp-e2e\n"
                + "time: 5\n"
                + "lead: 60\n"
                + "engine: dmtcp\n"
                + "engine-options: {gzip: false}\n"
                + templateKeys
                + "command: [bash, -c, '" + COUNTER + "']\n"
                + "env: {DMTCP_ROOT: " + dmtcp.bin().getParent() + "}\n"
                + "crjob: " + Crjob.LAUNCHER + "\n"
                + "output: \"%x-%j.log\"\n");
    }

    private String submit(String... more) {
        List<String> args = new ArrayList<>(List.of("submit", "dmtcp.yaml"));
        args.addAll(List.of(more));
        Crjob.Result result = Crjob.run(dir, args.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.toString());
        String id = result.out().replaceFirst("(?s)^submitted (\\d+) .*", "$1");
        return jobs.add(id);
    }

    private List<Integer> counted() {
        return BatchScripts.read(dir.resolve("out")).lines().filter(l -> l.matches("\\d+")).map(Integer::parseInt)
                .toList();
    }

    private List<Integer> afterRestart() {
        List<String> lines = BatchScripts.read(dir.resolve("out")).lines().toList();
        return lines.subList(lines.indexOf("restarted") + 1, lines.size()).stream().map(Integer::parseInt).toList();
    }

    private String log(String id) {
        return BatchScripts.read(dir.resolve("dmtcp-e2e-" + id + ".log"));
    }
}
