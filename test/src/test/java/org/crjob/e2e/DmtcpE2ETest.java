package org.crjob.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crjob.engine.dmtcp.DmtcpInstallation;
import org.crjob.engine.dmtcp.DmtcpNotFoundException;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.Slurm;
import org.crjob.slurm.SlurmCommands;
import org.crjob.slurm.SubmitRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DMTCP engine on the local Slurm (skipped without DMTCP, found through DMTCP_ROOT then PATH): an unmodified
 * bash counter launched under crjob with --engine dmtcp, checkpointed from outside the job, stopped, and restarted
 * in a new job, continues from the value it had at the checkpoint.
 */
class DmtcpE2ETest {

    private static final Duration SCHEDULED = Duration.ofSeconds(60);
    private static final String COUNTER = "bash -c 'i=0; while :; do echo $((i++)) >> out; sleep 0.2; done'";
    private static DmtcpInstallation dmtcp;

    private final Slurm slurm = new SlurmCommands();
    private final List<String> submitted = new ArrayList<>();

    @TempDir
    Path jobDir;

    @TempDir
    Path elsewhere;

    @BeforeAll
    static void slurmDmtcpAndCrjob() {
        try {
            dmtcp = DmtcpInstallation.find();
        } catch (DmtcpNotFoundException e) {
            Assumptions.abort("DMTCP is not installed here: set DMTCP_ROOT to a DMTCP 4.x install prefix to run"
                    + " this test");
        }
        LocalSlurm.require();
        Crjob.requireBuilt();
    }

    @AfterEach
    void stopWhatWeStarted() {
        for (String id : submitted) {
            if (slurm.showJob(id).state().isFinal()) {
                continue;
            }
            Crjob.run(elsewhere, "quit", "--now", "--job", id);
            try {
                slurm.cancel(id);
            } catch (RuntimeException e) {
                // ended on its own meanwhile
            }
        }
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
        awaitEnded(first);
        int stoppedAt = lastCount();

        Files.writeString(jobDir.resolve("out"), "restarted\n", java.nio.file.StandardOpenOption.APPEND);
        String second = submit("restart.sh", "restart");
        await().atMost(SCHEDULED).until(() -> afterRestart().size() >= 3);

        int resumed = afterRestart().get(0);
        String output = BatchScripts.read(jobDir.resolve("restart.sh.out"));
        assertTrue(resumed >= before && resumed <= after + 1, "job 2 continued from the checkpoint (" + before + ".."
                + after + "), not from " + stoppedAt + ": it wrote " + afterRestart() + "; its output:\n" + output);
        assertTrue(output.contains("restarting from checkpoint generation 1"), output);
        Crjob.Result quitSecond = Crjob.run(elsewhere, "quit", "--job", second);
        assertEquals(0, quitSecond.exitCode(), quitSecond::toString);
        awaitEnded(second);
    }

    private List<Integer> afterRestart() throws IOException {
        List<String> lines = Files.readAllLines(jobDir.resolve("out"));
        return lines.subList(lines.indexOf("restarted") + 1, lines.size()).stream().map(String::trim)
                .map(Integer::parseInt).toList();
    }

    private int lastCount() throws IOException {
        List<String> lines = Files.readAllLines(jobDir.resolve("out"));
        return Integer.parseInt(lines.get(lines.size() - 1).trim());
    }

    private void awaitCount(int atLeast) {
        await().atMost(SCHEDULED).until(() -> Files.exists(jobDir.resolve("out")) && lastCount() >= atLeast);
    }

    private JobInfo awaitEnded(String id) {
        return await().atMost(SCHEDULED).until(() -> slurm.showJob(id), job -> job.state().isFinal());
    }

    /** A job that starts a dmtcp coordinator and then runs {@code crjob CRJOB_ARGS} in {@link #jobDir}. */
    private String submit(String name, String crjobArgs) {
        String body = "export DMTCP_ROOT=" + dmtcp.bin().getParent() + "\n"
                + "eval \"$(" + Crjob.LAUNCHER + " start-coordinator --engine dmtcp)\" || exit 1\n"
                + Crjob.LAUNCHER + " " + crjobArgs + "\n";
        try {
            String id = slurm.submit(SubmitRequest.of(BatchScripts.write(jobDir, name, body))
                    .withOptions("--job-name=crjob-e2e-dmtcp " + name, "--time=00:05:00",
                            "--output=" + jobDir.resolve(name + ".out"))
                    .from(jobDir));
            submitted.add(id);
            return id;
        } catch (IOException e) {
            throw new AssertionError("cannot write the job script " + name + ": " + e.getMessage(), e);
        }
    }
}
