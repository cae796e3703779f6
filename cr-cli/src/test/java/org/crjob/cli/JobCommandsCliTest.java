package org.crjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.JobState;
import org.crjob.slurm.RecordingSlurm;
import org.crjob.slurm.SlurmTime;
import org.crjob.slurm.UnusedSlurm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that read the job from Slurm, run to success on a stand-in Slurm given through the {@link CliContext}
 * (before it, they called the real scontrol and only their refusals could be tested here).
 */
class JobCommandsCliTest {
    private static final Instant STARTED = Instant.parse("2026-11-23T10:00:00Z");
    private static final Clock NOW = Clock.fixed(STARTED.plus(Duration.ofMinutes(12).plusSeconds(30)), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final RecordingSlurm slurm = new RecordingSlurm();

    @Test
    void remainingInsideTheJobSaysWhatWouldBeLeftIfTheRunEndedNow() {
        slurm.job = job("4-23:10:00", 2);

        CliRun run = CliRun.in(context(Map.of("SLURM_JOB_ID", "42")), "remaining");

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertEquals("4-22:57:30 of the budget left if this run ended now (4-23:10:00 in Comment, minus 00:12:30 of"
                + " this run so far); 2 restarts so far\n", run.out());
    }

    @Test
    void remainingSecondsOfAnotherJobPrintsOnlyTheNumber() {
        slurm.job = job("01:00:00", 0);

        CliRun run = CliRun.in(context(Map.of()), "remaining", "--job", "42", "--seconds");

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertEquals((3600 - 750) + "\n", run.out());
    }

    @Test
    void restartCountOfAnotherJobIsSlurmsRestarts() {
        slurm.job = job("01:00:00", 3);

        CliRun run = CliRun.in(context(Map.of()), "restart-count", "--job", "42");

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertEquals("3\n", run.out());
    }

    @Test
    void restartCountInsideTheJobReadsItsEnvironmentAndAsksSlurmNothing() {
        CliContext context = new CliContext(new UnusedSlurm() { }, Map.of("SLURM_JOB_ID", "42",
                "SLURM_RESTART_COUNT", "5"), NOW, dir);

        CliRun run = CliRun.in(context, "restart-count");

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertEquals("5\n", run.out());
    }

    private CliContext context(Map<String, String> env) {
        return new CliContext(slurm, env, NOW, dir);
    }

    private static JobInfo job(String comment, int restarts) {
        return new JobInfo("42", "sim", JobState.RUNNING, "None", Optional.of(STARTED),
                Optional.of(STARTED.plusSeconds(3600)), SlurmTime.parse("01:00:00"), comment, restarts, Path.of("/tmp"),
                Optional.of("node1"), true, Map.of());
    }
}
