package org.crjob.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.crjob.process.Command;
import org.crjob.process.CommandResult;
import org.crjob.process.ExecCommandRunner;
import org.crjob.slurm.JobInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * examples/pytorch-train as a variable-time job on the local Slurm: a CPU training loop that saves model, optimizer
 * and step into the directory ckpt/ on crjob's signal, requeued by Slurm's own warning before a real time limit.
 * Skipped with a message without PyTorch for /usr/bin/python3, unless {@code CRJOB_REQUIRE_TORCH=1} (set by
 * scripts/test, so CI) makes that a failure.
 */
class PytorchE2ETest extends VariableTimeJobsTest {
    private static final Path EXAMPLE = VariableTimeJobs.REPO.resolve("examples").resolve("pytorch-train");
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    // 2000 steps of 100 ms: 200 s of training, more than two 3-minute runs whose USR1 comes 30 to 90 s in can do
    private static final int STEPS = 2000;
    private static final int MS_PER_STEP = 100;
    private static final ExecCommandRunner RUNNER = new ExecCommandRunner();

    @BeforeAll
    static void pytorchForDebiansPython() {
        CommandResult probe = RUNNER.run(Command.of(PYTHON.toString(), "-c", "import torch")
                .withTimeout(Duration.ofMinutes(2)));
        if (probe.exitCode() != 0) {
            String problem = PYTHON + " cannot import torch: install python3-torch (scripts/test-packages does, as"
                    + " root)";
            if ("1".equals(System.getenv("CRJOB_REQUIRE_TORCH"))) {
                throw new IllegalStateException(problem + " (CRJOB_REQUIRE_TORCH=1 demands it)");
            }
            abort(problem);
        }
    }

    @Test
    void aTrainingRequeuedBySlurmsWarningEndsWithTheWeightsOfAnUninterruptedRun() throws Exception {
        Path reference = uninterruptedWeights();
        Files.copy(EXAMPLE.resolve("train.py"), dir.resolve("train.py"));
        Path script = BatchScripts.checkpointingAtTheSignal(
                Files.copy(EXAMPLE.resolve("pytorch-train.sh"), dir.resolve("pytorch-train.sh")));

        String id = jobs.submitExample(script, "TRAIN_STEPS=" + STEPS + ",TRAIN_MS_PER_STEP=" + MS_PER_STEP);
        JobInfo done = jobs.awaitEndThroughRequeues(id, Duration.ofMinutes(20));

        jobs.assertCompletedThroughRequeuesAtSlurmsWarning(done);
        assertTrue(jobs.log().contains("train: done at step " + STEPS), jobs.log());
        assertTrue(jobs.log().contains("(resumed from step "), jobs.log());
        assertEquals(-1L, Files.mismatch(reference, dir.resolve("final-weights.bin")),
                "the weights differ from the uninterrupted run's\n" + jobs.log());
    }

    /** The final weights of the same training run once through, with no pause between steps. */
    private Path uninterruptedWeights() throws Exception {
        Path reference = Files.createDirectory(dir.resolve("reference"));
        CommandResult result = RUNNER.runChecked(Command.of(PYTHON.toString(), EXAMPLE.resolve("train.py").toString(),
                String.valueOf(STEPS), "0").inDirectory(reference).withTimeout(Duration.ofMinutes(5)));
        assertTrue(result.stdout().contains("train: done at step " + STEPS), result.stdout() + result.stderr());
        return reference.resolve("final-weights.bin");
    }
}
