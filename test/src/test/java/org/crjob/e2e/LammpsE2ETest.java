package org.crjob.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crjob.process.Command;
import org.crjob.process.CommandResult;
import org.crjob.process.ExecCommandRunner;
import org.crjob.slurm.JobInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * examples/lammps-lj, a Lennard-Jones melt in Debian's LAMMPS, as a variable-time job whose saves crjob asks for
 * with a stop file ({@code fix halt} on {@code is_file(STOP)}), through at least two requeues driven by Slurm's own
 * {@code --signal=B:USR1@90} before a real 3-minute limit, compared with the same input run without interruption.
 * Skipped with a message when {@code lmp} is not installed (scripts/test-packages installs it, as root).
 */
class LammpsE2ETest extends VariableTimeJobsTest {
    private static final Path EXAMPLE = VariableTimeJobs.REPO.resolve("examples").resolve("lammps-lj");
    /** Seconds of LAMMPS work, measured on this machine, that the job must do: more than two runs' worth. */
    private static final int WORK_SECONDS = 240;
    private static final Pattern STARTING = Pattern.compile("lammps-lj: starting at step (\\d+) of (\\d+)");
    private static final Pattern SAVED = Pattern.compile("lammps-lj: saved at step (\\d+) of (\\d+)");
    private static final Pattern PERFORMANCE = Pattern.compile("Performance: .*?([0-9.]+) timesteps/s");
    private static final ExecCommandRunner RUNNER = new ExecCommandRunner();

    @BeforeAll
    static void lammpsInstalled() {
        if (Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .noneMatch(d -> Files.isExecutable(Path.of(d, "lmp")))) {
            abort("lmp is not on PATH: install Debian's lammps (scripts/test-packages does, as root)");
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void aLammpsJobRequeuedBySlurmsWarningReachesItsLastStepOnceWithTheEnergyOfAnUninterruptedRun()
            throws Exception {
        int steps = stepsFor(WORK_SECONDS);
        CompletableFuture<String> reference = CompletableFuture.supplyAsync(() -> uninterrupted(steps));
        Path script = copyExample(dir);

        String id = jobs.submitExample(script, "LAMMPS_STEPS=" + steps);
        JobInfo done = jobs.awaitEndThroughRequeues(id, Duration.ofMinutes(28));

        jobs.assertCompletedThroughRequeuesAtSlurmsWarning(done);
        String log = jobs.log();
        assertEachRunStartsWhereTheLastSaved(log, steps);
        double uninterrupted = etotalAt(reference.get(5, TimeUnit.MINUTES), steps);
        double drift = Math.abs(uninterrupted - etotalAt(reference.get(), 0));
        assertTrue(Math.abs(etotalAt(log, steps) - uninterrupted) <= drift, "total energy at step " + steps + ": "
                + etotalAt(log, steps) + ", uninterrupted " + uninterrupted + " (its drift " + drift + ")\n" + log);
        assertFalse(Files.exists(dir.resolve("STOP")), "crjob removed the stop file it created");
    }

    /** No step range run twice: run 1 starts at 0, each later run where the one before saved, the last saves N. */
    private static void assertEachRunStartsWhereTheLastSaved(String log, int steps) {
        List<Integer> starts = numbers(STARTING.matcher(log));
        List<Integer> saves = numbers(SAVED.matcher(log));
        assertEquals(starts.size(), saves.size(), "every start saved once\n" + log);
        assertEquals(0, starts.get(0), log);
        for (int run = 1; run < starts.size(); run++) {
            assertEquals(saves.get(run - 1), starts.get(run), "run " + (run + 1) + " starts where run " + run
                    + " saved\n" + log);
            assertTrue(saves.get(run) > starts.get(run) || saves.get(run) == steps, log);
        }
        assertEquals(steps, saves.get(saves.size() - 1), log);
        assertEquals(1, saves.stream().filter(s -> s == steps).count(), "step " + steps + " reached once\n" + log);
    }

    private static List<Integer> numbers(Matcher matches) {
        List<Integer> numbers = new ArrayList<>();
        while (matches.find()) {
            numbers.add(Integer.parseInt(matches.group(1)));
        }
        return numbers;
    }

    /** The total energy in LAMMPS' thermo line of {@code step} (step temp pe ke etotal press); its last one. */
    private static double etotalAt(String output, int step) {
        Matcher line = Pattern.compile("(?m)^\\s+" + step + "\\s+\\S+\\s+\\S+\\s+\\S+\\s+(\\S+)\\s+\\S+\\s*$")
                .matcher(output);
        String etotal = null;
        while (line.find()) {
            etotal = line.group(1);
        }
        assertTrue(etotal != null, "no thermo line of step " + step + " in\n" + output);
        return Double.parseDouble(etotal);
    }

    /**
     * The steps this machine's LAMMPS does in {@code seconds}, in whole thermo intervals, from LAMMPS' own rate in a
     * short run ("Performance: ... timesteps/s": its loop alone; timing the whole process counted its start-up,
     * slow on a busy machine, and asked for too few steps to need two requeues).
     */
    private int stepsFor(int seconds) throws Exception {
        Path calibration = Files.createDirectory(dir.resolve("calibration"));
        copyExample(calibration);
        Matcher rate = PERFORMANCE.matcher(lmp(calibration, 2000).stdout());
        assertTrue(rate.find(), "LAMMPS printed no Performance line");
        return Math.max(5000, (int) (seconds * Double.parseDouble(rate.group(1)) / 500) * 500);
    }

    private String uninterrupted(int steps) {
        try {
            Path reference = Files.createDirectory(dir.resolve("reference"));
            copyExample(reference);
            return lmp(reference, steps).stdout();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static CommandResult lmp(Path in, int steps) {
        return RUNNER.runChecked(Command.of("lmp", "-in", "in.lj", "-var", "nsteps", String.valueOf(steps), "-log",
                "none").inDirectory(in).withTimeout(Duration.ofMinutes(20)));
    }

    /** The example's files in {@code to}; returns its job script there. */
    private static Path copyExample(Path to) throws Exception {
        for (String file : List.of("in.lj", "create.lj", "lammps-lj.sh")) {
            Files.copy(EXAMPLE.resolve(file), to.resolve(file));
        }
        return BatchScripts.checkpointingAtTheSignal(to.resolve("lammps-lj.sh"));
    }
}
