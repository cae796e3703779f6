package org.crjob.engine.jobfiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.crjob.process.Command;
import org.crjob.process.CommandFailedException;
import org.crjob.process.CommandResult;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.JobState;
import org.crjob.slurm.SlurmTime;
import org.crjob.slurm.UnknownJobException;
import org.crjob.slurm.UnusedSlurm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndedJobFilesTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);

    @TempDir
    Path workDir;

    private final Map<String, JobState> slurmKnows = new HashMap<>();
    private final EndedJobFiles files = new EndedJobFiles(new StatesSlurm(), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void anEndedJobsFilesOlderThanTheDaysKeptAreRemovedWithItsLoginNodeWrappers() throws IOException {
        JobPaths job = jobFiles("101", Duration.ofDays(8));
        slurmKnows.put("101", JobState.COMPLETED);

        List<EndedJobFiles.Outcome> outcomes = files.clean(workDir, WEEK, false);

        assertEquals(List.of(new EndedJobFiles.Outcome("101", EndedJobFiles.Verdict.REMOVED, "ended COMPLETED, last written 2026-11-25 12:00")),
                outcomes);
        assertFalse(Files.exists(job.stateDir()));
        assertFalse(Files.exists(job.commandWrapper()));
    }

    @Test
    void aJobSlurmNoLongerKnowsCountsAsEnded() throws IOException {
        JobPaths job = jobFiles("102", Duration.ofDays(30));

        assertTrue(files.clean(workDir, WEEK, false).get(0).why().startsWith("no longer known to Slurm"));
        assertFalse(Files.exists(job.stateDir()));
    }

    @Test
    void aHeldJobKeepsItsFilesHoweverOld() throws IOException {
        JobPaths job = jobFiles("103", Duration.ofDays(60));
        slurmKnows.put("103", JobState.PENDING);

        List<EndedJobFiles.Outcome> outcomes = files.clean(workDir, WEEK, false);

        assertEquals(List.of(new EndedJobFiles.Outcome("103", EndedJobFiles.Verdict.KEPT, "Slurm still holds the job (PENDING)")), outcomes);
        assertTrue(Files.exists(job.eventsFile()));
    }

    @Test
    void anEndedJobWrittenWithinTheDaysKeptKeepsItsFilesWithoutAskingSlurm() throws IOException {
        JobPaths job = jobFiles("104", Duration.ofDays(2));

        assertFalse(files.clean(workDir, WEEK, false).get(0).removed());
        assertTrue(Files.exists(job.eventsFile()));
    }

    @Test
    void aDryRunSaysWhatWouldGoAndRemovesNothing() throws IOException {
        JobPaths job = jobFiles("105", Duration.ofDays(8));
        slurmKnows.put("105", JobState.CANCELLED);

        EndedJobFiles.Outcome outcome = files.clean(workDir, WEEK, true).get(0);

        assertEquals(EndedJobFiles.Verdict.WOULD_REMOVE, outcome.verdict());
        assertTrue(outcome.why().startsWith("ended CANCELLED"), outcome::why);
        assertTrue(Files.exists(job.eventsFile()));
    }

    @Test
    void aLinkPlantedInAJobsDirectoryIsRemovedNotWhatItPointsTo() throws IOException {
        JobPaths job = jobFiles("106", Duration.ofDays(8));
        Path precious = Files.writeString(workDir.resolve("results.dat"), "work");
        Files.createSymbolicLink(job.stateDir().resolve("planted"), precious);
        age(job.stateDir(), Duration.ofDays(8));

        files.clean(workDir, WEEK, false);

        assertFalse(Files.exists(job.stateDir(), LinkOption.NOFOLLOW_LINKS));
        assertEquals("work", Files.readString(precious));
    }

    @Test
    void aJobDirectoryOthersCanWriteIsKeptAndSaysWhy() throws IOException {
        JobPaths job = jobFiles("107", Duration.ofDays(8));
        Files.setPosixFilePermissions(job.stateDir(), PosixFilePermissions.fromString("rwxrwx---"));

        EndedJobFiles.Outcome outcome = files.clean(workDir, WEEK, false).get(0);

        assertFalse(outcome.removed());
        assertTrue(outcome.why().contains("writable by its group"), outcome::why);
        assertTrue(Files.exists(job.eventsFile()));
    }

    @Test
    void theCheckpointStoreAndTheSubmitScriptsAreNeverTouched() throws IOException {
        jobFiles("108", Duration.ofDays(8));
        Path store = Files.createDirectories(workDir.resolve("crjob.ckpt/108"));
        Path submitted = Files.createDirectories(workDir.resolve(".crjob/submit"));

        files.clean(workDir, WEEK, false);

        assertTrue(Files.isDirectory(store));
        assertTrue(Files.isDirectory(submitted));
    }

    @Test
    void aWorkDirectoryWithoutCrjobFilesHasNothingToClean() throws IOException {
        assertEquals(List.of(), files.clean(workDir, WEEK, false));
    }

    private JobPaths jobFiles(String jobId, Duration age) throws IOException {
        JobPaths job = new JobPaths(workDir, jobId);
        job.createStateDir();
        Files.writeString(job.eventsFile(), "{}\n");
        Files.writeString(job.commandWrapper(), "#!/bin/sh\n");
        Files.setPosixFilePermissions(job.commandWrapper(), PosixFilePermissions.fromString("rwx------"));
        age(job.stateDir(), age);
        return job;
    }

    private static void age(Path dir, Duration age) throws IOException {
        FileTime then = FileTime.from(NOW.minus(age));
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path path : tree.toList()) {
                if (!Files.isSymbolicLink(path)) {
                    Files.setLastModifiedTime(path, then);
                }
            }
        }
    }

    private final class StatesSlurm extends UnusedSlurm {
        @Override
        public JobInfo showJob(String jobId) {
            JobState state = slurmKnows.get(jobId);
            if (state == null) {
                throw new UnknownJobException(jobId, new CommandFailedException(new CommandResult(
                        Command.of(List.of("scontrol", "show", "job", jobId)), 1, "",
                        "slurm_load_jobs error: Invalid job id specified", Duration.ZERO)));
            }
            return new JobInfo(jobId, "sim", state, "None", Optional.empty(), Optional.empty(),
                    SlurmTime.parse("01:00:00"), "", 0, Path.of("/tmp"), Optional.empty(), true, Map.of());
        }
    }
}
