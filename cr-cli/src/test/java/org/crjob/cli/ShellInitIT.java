package org.crjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.crjob.process.Command;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The functions of {@code crjob shell-init bash} as a job script loads them, from the real bin/crjob and the packaged
 * crjob.jar (runs in failsafe, after package), in bash under {@code set -euo pipefail}, outside any Slurm job.
 */
class ShellInitIT {

    private static final Path LAUNCHER = Path.of(System.getProperty("crjob.repo")).toAbsolutePath().normalize()
            .resolve("bin/crjob");

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void javaForTheLauncher() {
        env.put("JAVA_HOME", System.getProperty("java.home")); // PATH is only /usr/bin:/bin
        env.put("CRJOB_JAR", System.getProperty("crjob.jar"));
    }

    /** {@code body} in a strict script that loaded the functions as the README says. */
    private Bash.Result bash(String body) {
        return Bash.run(dir, "set -euo pipefail\neval \"$(" + Command.shellQuote(LAUNCHER.toString())
                + " shell-init bash)\"\n" + body, env);
    }

    @Test
    void timeFunctionsReadAndPrintSlurmsFormats() {
        Bash.Result result = bash("""
                echo "$(timestr2secs 30) $(timestr2secs 2-12) $(timestr2secs 48:00:00)"
                secs2timestr 90061
                """);

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("1800 216000 172800\n1-01:01:01\n", result.out(), "30 is minutes, 2-12 is 60 hours");
        assertEquals("", result.err());
    }

    @Test
    void aBadTimeFailsWithSlurmTimesMessage() {
        Bash.Result result = bash("timestr2secs 25:61 || echo \"rc=$?\"");

        assertEquals("rc=2\n", result.out());
        assertTrue(result.err().contains("invalid Slurm time '25:61': the field '61' must be below 60"), result.err());
    }

    @Test
    void restartCountPrintsOnlyTheNumber() {
        env.put("SLURM_RESTART_COUNT", "2");

        Bash.Result result = bash("restart_count");

        assertEquals("2\n", result.out());
        assertEquals("", result.err());
    }

    @Test
    void requeueJobOutsideAJobInstallsNothingAndSaysWhy() {
        Bash.Result result = bash("requeue_job func_trap USR1 || echo \"rc=$?\"; trap -p USR1");

        assertEquals("rc=3\n", result.out());
        assertTrue(result.err().contains("requeue_job: not inside a Slurm job (SLURM_JOB_ID is not set): no trap"
                + " installed"), result.err());
    }

    @Test
    void parseJobOutsideAJobIsCrjobsNotInAJob() {
        Bash.Result result = bash("parse_job || echo \"rc=$?\"");

        assertEquals("rc=3\n", result.out());
        assertTrue(result.err().startsWith("crjob: not inside a Slurm job"), result.err());
    }

    @Test
    void startCoordinatorWithoutDmtcpReturnsOneOutsideAJobAndEndsABatchJob() {
        assumeFalse(Files.exists(Path.of("/usr/bin/dmtcp_coordinator")) || Files.exists(Path.of("/bin/dmtcp_coordinator")));

        Bash.Result outside = bash("start_coordinator -i 120 || echo \"rc=$?\"");
        env.put("SLURM_JOB_ID", "42");
        Bash.Result batch = bash("start_coordinator\necho not reached");

        assertEquals("rc=1\n", outside.out(), outside::toString);
        assertTrue(outside.err().contains("module load dmtcp"), outside.err());
        assertEquals(1, batch.exitCode(), batch::toString);
        assertEquals("", batch.out());
    }

    @Test
    void theSignalEngineStartsACoordinatorAndExportsItsAddress() {
        env.put("CRJOB_ENGINE", "signal");

        Bash.Result result = bash("""
                start_coordinator -i 600
                echo "$DMTCP_COORD_HOST:$DMTCP_COORD_PORT $CRJOB_COORD_HOST:$CRJOB_COORD_PORT"
                _crjob_cli quit
                """);

        assertEquals(0, result.exitCode(), result::toString);
        String[] lines = result.out().split("\n");
        String[] addresses = lines[0].split(" ");
        assertEquals(addresses[1], addresses[0], "DMTCP_COORD_* as nersc_cr exported them: " + result.out());
        assertEquals("coordinator stopped", lines[1]);
        assertTrue(result.err().contains("] coordinator for job local-"), result.err());
    }

    @Test
    void theSignalEnginesCoordinatorKeepsCheckpointsWhereDashCSays() {
        env.put("CRJOB_ENGINE", "signal");

        Bash.Result result = bash("""
                start_coordinator -c "$PWD/my ckpt" -i 600
                _crjob_cli quit
                """);

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.err().contains("checkpoints go to " + dir.resolve("my ckpt")), result.err());
    }

    @Test
    void shellInitForZshIsAUsageErrorNamingIt() {
        Bash.Result result = Bash.run(dir, Command.shellQuote(LAUNCHER.toString()) + " shell-init zsh", env);

        assertEquals(ExitCode.USAGE, result.exitCode());
        assertEquals("", result.out());
        assertTrue(result.err().contains("'zsh' is not supported"), result.err());
    }

    @Test
    void theFunctionsLoadThroughProcessSubstitution() {
        Bash.Result result = Bash.run(dir, "set -euo pipefail\n. <(" + Command.shellQuote(LAUNCHER.toString())
                + " shell-init bash)\nrestart_count\ntimestr2secs 5-00:00", env);

        assertEquals("0\n432000\n", result.out(), result::toString);
    }
}
