package org.crjob.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.crjob.process.Command;
import org.crjob.process.CommandResult;
import org.crjob.process.ExecCommandRunner;
import org.crjob.slurm.JobInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An MPI program of our own on two nodes of the local Slurm ({@code CRJOB_SLURM_NODES=2}) as a variable-time job:
 * examples/mpi-heat, a 1-D heat equation whose ranks each save a restart file when srun passes crjob's signal on.
 * Skipped with a message without MPICH's compiler or a second node, unless {@code CRJOB_REQUIRE_MPI=1} (set by
 * scripts/test, so CI) makes that a failure.
 */
class MpiTwoNodesE2ETest extends VariableTimeJobsTest {
    private static final Path EXAMPLE = VariableTimeJobs.REPO.resolve("examples").resolve("mpi-heat");
    private static final String MPICC = "mpicc.mpich";
    private static final int CELLS = 1000;
    private static final int STEPS = 2000;
    // 2000 steps of 100 ms: 200 s of work, more than two 3-minute runs whose USR1 comes 30 to 90 s in can do
    private static final int MS_PER_STEP = 100;
    private static final Pattern RANK_LINE = Pattern.compile("heat: rank \\d+ of 4 on (\\S+) from step \\d+");
    private static final ExecCommandRunner RUNNER = new ExecCommandRunner();

    @BeforeAll
    static void mpichAndTwoNodes() {
        if (!onPath(MPICC)) {
            skipOrFail(MPICC + " is not on PATH: install MPICH (scripts/test-packages does, as root)");
        }
        long nodes = run(Command.of("sinfo", "-h", "-N", "-o", "%N")).stdout().lines().distinct().count();
        if (nodes < 2) {
            skipOrFail("the local Slurm has " + nodes + " node(s), this test needs 2: "
                    + "'scripts/local-slurm down; CRJOB_SLURM_NODES=2 scripts/local-slurm up'");
        }
    }

    @Test
    void anMpiJobOnTwoNodesRequeuedBySlurmsWarningEndsWithTheFieldOfAnUninterruptedRun() throws Exception {
        Path heat = compileHeat();
        Path reference = uninterruptedField(heat);
        Path script = BatchScripts.checkpointingAtTheSignal(
                Files.copy(EXAMPLE.resolve("mpi-heat.sh"), dir.resolve("mpi-heat.sh")));

        String id = jobs.submitExample(script,
                "HEAT_CELLS=" + CELLS + ",HEAT_STEPS=" + STEPS + ",HEAT_MS_PER_STEP=" + MS_PER_STEP);
        JobInfo done = jobs.awaitEndThroughRequeues(id, Duration.ofMinutes(20));

        jobs.assertCompletedThroughRequeuesAtSlurmsWarning(done);
        assertTrue(jobs.log().contains("heat: done at step " + STEPS), jobs.log());
        assertEquals(-1L, Files.mismatch(reference, dir.resolve("heat-final.bin")),
                "the field differs from the uninterrupted run's\n" + jobs.log());
        assertEquals(2, nodeNamesOfTheRanks().size(), "the ranks ran on " + nodeNamesOfTheRanks() + "\n" + jobs.log());
    }

    @Test
    void crjobRunStartedInEveryRankOnBothNodesIsRefusedInEachAndNothingRuns() throws Exception {
        compileHeat();
        String id = jobs.submitScript("-N 2 -n 4 -t 3 --comment=00:30:00 --signal=B:USR1@90",
                "srun --mpi=pmi2 " + VariableTimeJobs.CRJOB + " run --state restart/rank-0.bin -- ./heat " + CELLS + " "
                        + STEPS + " 0\n");

        JobInfo done = jobs.awaitEnd(id);

        assertEquals(4, jobs.log().split("must run once per job, in the batch script", -1).length - 1, jobs.log());
        assertTrue(jobs.log().contains("exec crjob run -- srun -n 4 ./sim"), jobs.log());
        assertFalse(Files.exists(dir.resolve("heat-final.bin")), "heat never ran\n" + jobs.log());
        assertEquals(0, done.restarts());
    }

    /** heat.c built in the test's directory, where the job script expects {@code ./heat}. */
    private Path compileHeat() {
        Path heat = dir.resolve("heat");
        run(Command.of(MPICC, "-O2", "-o", heat.toString(), EXAMPLE.resolve("heat.c").toString(), "-lm")
                .withTimeout(Duration.ofMinutes(2)));
        return heat;
    }

    /** The final field of the same computation run once through, on both nodes, with no pause between steps. */
    private Path uninterruptedField(Path heat) throws Exception {
        Path reference = Files.createDirectory(dir.resolve("reference"));
        CommandResult result = run(Command.of("srun", "--mpi=pmi2", "-N", "2", "-n", "4", heat.toString(),
                String.valueOf(CELLS), String.valueOf(STEPS), "0").inDirectory(reference)
                .withTimeout(Duration.ofMinutes(3)));
        assertTrue(result.stdout().contains("heat: done at step " + STEPS), result.stdout() + result.stderr());
        return reference.resolve("heat-final.bin");
    }

    private Set<String> nodeNamesOfTheRanks() {
        return RANK_LINE.matcher(jobs.log()).results().map(m -> m.group(1)).collect(Collectors.toSet());
    }

    private static CommandResult run(Command command) {
        return RUNNER.runChecked(command);
    }

    private static boolean onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    private static void skipOrFail(String problem) {
        if ("1".equals(System.getenv("CRJOB_REQUIRE_MPI"))) {
            throw new IllegalStateException(problem + " (CRJOB_REQUIRE_MPI=1 demands it)");
        }
        abort(problem);
    }
}
