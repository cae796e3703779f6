package org.crjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.JobState;
import org.crjob.slurm.SlurmTime;
import org.crjob.slurm.UnusedSlurm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crjob clean}: what a user sees, on a stand-in Slurm that says the job ended. */
class CleanCommandTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    @TempDir
    Path dir;

    private final CliContext context = new CliContext(new UnusedSlurm() {
        @Override
        public JobInfo showJob(String jobId) {
            return new JobInfo(jobId, "sim", JobState.COMPLETED, "None", Optional.empty(), Optional.empty(),
                    SlurmTime.parse("01:00:00"), "", 2, dir, Optional.empty(), true, Map.of());
        }
    }, Map.of(), Clock.fixed(NOW, ZoneOffset.UTC), Path.of("/"));

    @Test
    void aDryRunNamesTheJobAndRemovesNothingThenCleanRemovesIt() throws IOException {
        Path events = jobWrittenDaysAgo("77", 10);

        CliRun dry = CliRun.in(context, "clean", "--dry-run", "--dir", dir.toString());
        assertEquals(ExitCode.OK, dry.exitCode(), dry.err());
        assertEquals("would remove job 77: ended COMPLETED, last written 2026-11-23 12:00\n", dry.out());
        assertTrue(Files.exists(events));

        CliRun clean = CliRun.in(context, "clean", "--dir", dir.toString());
        assertEquals("removed job 77: ended COMPLETED, last written 2026-11-23 12:00\n", clean.out());
        assertFalse(Files.exists(events.getParent()));
    }

    @Test
    void olderThanKeepsTheFilesOfAJobWrittenWithinThoseDays() throws IOException {
        jobWrittenDaysAgo("78", 10);

        CliRun run = CliRun.in(context, "clean", "--older-than", "30", "--dir", dir.toString());

        assertEquals("kept job 78: last written 2026-11-23 12:00, within the 30 days kept\n", run.out());
    }

    @Test
    void aNegativeNumberOfDaysIsAUsageErrorThatSaysWhatToGive() {
        CliRun run = CliRun.in(context, "clean", "--older-than", "-1", "--dir", dir.toString());

        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().contains("'-1' is out of range; give whole days from 0"), run.err());
    }

    private Path jobWrittenDaysAgo(String jobId, int days) throws IOException {
        Path stateDir = Files.createDirectories(dir.resolve(".crjob").resolve(jobId));
        Files.setPosixFilePermissions(dir.resolve(".crjob"), PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(stateDir, PosixFilePermissions.fromString("rwx------"));
        Path events = Files.writeString(stateDir.resolve("events.jsonl"), "{}\n");
        FileTime then = FileTime.from(NOW.minusSeconds(days * 86400L));
        Files.setLastModifiedTime(events, then);
        Files.setLastModifiedTime(stateDir, then);
        return events;
    }
}
