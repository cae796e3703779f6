package org.crjob.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.crjob.posix.Signal;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.JobState;
import org.crjob.slurm.SignalTarget;
import org.junit.jupiter.api.Test;

/**
 * crjob render and crjob submit as a user runs them (bin/crjob, the packaged jar), with jobs on the local Slurm and
 * examples/counting/count.sh as the application; Slurm's warning signal is sent with scancel --signal=USR1 --batch,
 * so the tests do not wait for time limits.
 */
class SubmitE2ETest extends SubmittedJobsTest {
    private static final Path COUNT_SH = Crjob.REPO.resolve("examples/counting/count.sh");
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    SubmitE2ETest() {
        super(SubmittedJobs.cancelledAfterEach(PATIENCE));
    }

    @Test
    void everyShippedTemplateRendersFromTheJarIntoAScriptBashAccepts() throws Exception {
        for (String template : List.of("signal-vt", "dmtcp-vt", "dmtcp-start", "dmtcp-restart", "chain-link")) {
            Crjob.Result rendered = Crjob.run(dir, "render", template, "--set", "time=10", "--set", "command=./sim",
                    "--set", "modules=[dmtcp]", "--set", "budget=1-0");
            Path script = dir.resolve(template + ".sh");
            Files.writeString(script, rendered.out());

            assertEquals(0, rendered.exitCode(), template + ": " + rendered);
            assertTrue(rendered.out().startsWith("#!/bin/bash\n#SBATCH --job-name=crjob\n"), rendered.out());
            Crjob.Result check = Crjob.exec(List.of("bash", "-n", script.toString()), dir, Map.of());
            assertEquals(0, check.exitCode(), template + " fails bash -n: " + check + rendered.out());
        }
    }

    @Test
    void theRenderedSignalVtJobRequeuesItselfAndCompletes() throws Exception {
        spec("vt", 40, "");
        String id = submit("vt.yaml").get(0);

        await().atMost(PATIENCE).until(() -> counted().size() >= 5);
        slurm.signal(id, Signal.USR1, SignalTarget.BATCH_SHELL);
        await().atMost(PATIENCE).until(() -> slurm.showJob(id), j -> j.state() == JobState.PENDING && j.restarts() == 1);
        jobs.releaseUntilRunning(id);
        JobInfo done = jobs.awaitEnd(id);

        assertEquals(JobState.COMPLETED, done.state(), log());
        assertEquals(IntStream.rangeClosed(1, 40).boxed().toList(), counted(), "every number exactly once");
        assertTrue(log().contains("requeued (1 of at most 50)") && log().contains("restarting from checkpoint generation 1"),
                log());
        assertTrue(Files.readString(dir.resolve(".crjob/submit/vt.sh")).contains("#SBATCH --requeue\n"),
                "the script is kept where crjob submit wrote it");
    }

    @Test
    void aChainOfAStartJobAndThreeRestartJobsRunsInOrderAndTheCountGoesOn() throws Exception {
        // the signal is sent by hand: each link checkpoints at it, not at crjob's deadline (the count would end first)
        spec("chain", 200, "checkpoint-at: signal\n");
        List<String> ids = submit("chain.yaml", "--chain", "3", "--dependency", "afterok");
        assertEquals(4, ids.size());

        for (int link = 0; link < 3; link++) {
            String id = ids.get(link);
            await().atMost(PATIENCE).until(() -> slurm.showJob(id).state() == JobState.RUNNING);
            int before = counted().size();
            await().atMost(PATIENCE).until(() -> counted().size() >= before + 5);
            slurm.signal(id, Signal.USR1, SignalTarget.BATCH_SHELL);
            JobInfo ended = jobs.awaitEnd(id);
            assertEquals(JobState.COMPLETED, ended.state(), "a checkpointed link ends well (afterok): " + log());
        }
        JobInfo last = jobs.awaitEnd(ids.get(3));

        assertEquals(JobState.COMPLETED, last.state(), log());
        assertEquals(IntStream.rangeClosed(1, 200).boxed().toList(), counted(), "the count goes on across all four");
        for (int generation = 1; generation <= 3; generation++) {
            assertTrue(log().contains("restarting from checkpoint generation " + generation), log());
        }
        for (int link = 1; link < 4; link++) {
            Instant previousEnd = slurm.showJob(ids.get(link - 1)).endTime().orElseThrow();
            Instant start = slurm.showJob(ids.get(link)).startTime().orElseThrow();
            assertTrue(!start.isBefore(previousEnd), "job " + link + " starts after job " + (link - 1) + " ended");
        }
        assertTrue(Files.exists(dir.resolve("crjob.ckpt.done")), "jobs left in the chain would do nothing");
    }

    /** A job spec for count.sh counting to {@code countTo}, one number every 0.1 s. */
    private void spec(String name, int countTo, String more) throws Exception {
        Files.writeString(dir.resolve(name + ".yaml"), "name: " + name + "\n"
                + "time: 5\n"
                + "budget: 30\n"
                + "lead: 60\n"
                + "min-run: 1\n"
                + "command: [" + COUNT_SH + "]\n"
                + "state: [count.ckpt]\n"
                + "env: {COUNT_TO: " + countTo + ", COUNT_STEP: 0.1}\n"
                + "crjob: " + Crjob.LAUNCHER + "\n"
                + "output: job.log\n"
                + more);
    }

    private List<String> submit(String spec, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("submit", spec, "--json"));
        args.addAll(List.of(options));
        Crjob.Result result = Crjob.run(dir, args.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.toString());
        JsonNode json = new ObjectMapper().readTree(result.out());
        List<String> ids = new ArrayList<>();
        json.get("jobs").forEach(job -> ids.add(job.get("id").asText()));
        ids.forEach(jobs::add);
        assertEquals(List.of(), new ObjectMapper().convertValue(json.get("warnings"), List.class), result.err());
        return ids;
    }

    private List<Integer> counted() {
        return BatchScripts.counted(dir);
    }

    private String log() {
        return BatchScripts.read(dir.resolve("job.log"));
    }
}
