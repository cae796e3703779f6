package org.crjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** crjob run, remaining and restart-count where no Slurm job is: refused before anything is touched. */
class RunCommandTest {

    @BeforeEach
    void outsideASlurmJob() {
        assumeTrue(System.getenv("SLURM_JOB_ID") == null, "these tests run outside a Slurm job");
    }

    @Test
    void anInvalidOnPreemptNamesTheAllowedValuesNotAJavaException() {
        CliRun run = CliRun.of("run", "--on-preempt", "bogus", "--", "true");

        assertEquals(ExitCode.USAGE, run.exitCode());
        assertEquals("crjob: Invalid value for option '--on-preempt': --on-preempt bogus: use requeue or stop",
                run.err().lines().findFirst().orElse(""), run.err());
    }

    @Test
    void runOutsideASlurmJobSaysSoAndExitsThree() {
        CliRun run = CliRun.of("run", "--", "true");

        assertEquals(ExitCode.UNEXPECTED_STATE, run.exitCode(), run.err());
        assertTrue(run.err().contains("SLURM_JOB_ID is not set"), run.err());
    }

    @Test
    void anUnknownPreemptActionNamesTheValueAndTheChoices() {
        CliRun run = CliRun.of("run", "--on-preempt", "wait", "--", "true");

        assertEquals(ExitCode.USAGE, run.exitCode(), run.err());
        assertTrue(run.err().contains("--on-preempt wait: use requeue or stop"), run.err());
    }

    @Test
    void anUnknownCheckpointAtNamesTheValueAndTheChoices() {
        CliRun run = CliRun.of("run", "--checkpoint-at", "later", "--", "true");

        assertEquals(ExitCode.USAGE, run.exitCode(), run.err());
        assertTrue(run.err().contains("--checkpoint-at later: use deadline"), run.err());
    }

    @Test
    void runWithoutACommandSaysWhereItGoes() {
        CliRun run = CliRun.of("run");

        assertEquals(ExitCode.USAGE, run.exitCode(), run.err());
        assertTrue(run.err().contains("CMD"), run.err());
    }

    @Test
    void restartCountAndRemainingOutsideAJobWithoutJobSayWhatIsMissing() {
        for (String command : new String[] {"restart-count", "remaining"}) {
            CliRun run = CliRun.of(command);

            assertEquals(ExitCode.UNEXPECTED_STATE, run.exitCode(), command + ": " + run.err());
            assertTrue(run.err().contains("SLURM_JOB_ID is not set"), run.err());
        }
    }
}
