package org.crjob.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crjob.engine.jobfiles.RecordedEvents;
import org.crjob.joblog.RecordingJobLog;
import org.crjob.slurm.JobEnv;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.JobState;
import org.crjob.slurm.NotInSlurmJobException;
import org.crjob.slurm.RecordingSlurm;
import org.crjob.slurm.SlurmTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crjob requeue}'s work, below the CLI: the job from the environment, charged, decided, requeued. */
class ScriptRequeueTest {
    private static final Instant NOW = Instant.parse("2026-01-02T12:00:00Z");

    @TempDir
    Path dir;

    private final RecordingSlurm slurm = new RecordingSlurm();
    private final RecordingJobLog log = new RecordingJobLog();

    @Test
    void chargesTheRunAndRequeues() {
        slurm.job = job("00:30:00");

        assertTrue(requeue(Map.of("SLURM_JOB_ID", "42")).charge(Optional.empty()));

        assertEquals(List.of("comment 00:28:20", "requeue"), slurm.calls);
    }

    @Test
    void aScriptsRequeueIsRecordedInTheEventsItsCoordinatorKeepsInThisDirectory() throws Exception {
        slurm.job = job("00:30:00");
        Files.createDirectories(dir.resolve(".crjob/42"));

        requeue(Map.of("SLURM_JOB_ID", "42")).charge(Optional.empty());

        JsonNode line = new RecordedEvents(dir.resolve(".crjob/42/events.jsonl")).only("requeue");
        assertEquals(100, line.get("chargedSeconds").asInt());
        assertEquals(1700, line.get("budgetLeftSeconds").asInt());
    }

    @Test
    void aRequeueWithoutTheJobsDirectoryHereCreatesNone() {
        slurm.job = job("00:30:00");

        requeue(Map.of("SLURM_JOB_ID", "42")).charge(Optional.empty());

        assertFalse(Files.exists(dir.resolve(".crjob")));
        assertEquals(List.of(), log.warnings());
    }

    @Test
    void aFailedCheckpointWithoutAGenerationThatVerifiesIsChargedButNotRequeued() {
        slurm.job = job("00:30:00");

        assertFalse(requeue(Map.of("SLURM_JOB_ID", "42")).charge(Optional.of(dir.resolve("none"))));

        assertEquals(List.of("comment 00:28:20"), slurm.calls);
        assertTrue(log.events().get(0).startsWith("the checkpoint failed and no generation in " + dir.resolve("none")
                + " verifies; not requeued"), log.toString());
    }

    @Test
    void checkChangesNothing() {
        slurm.job = job("00:30:00");

        assertTrue(requeue(Map.of("SLURM_JOB_ID", "42")).check());

        assertEquals(List.of(), slurm.calls);
    }

    @Test
    void outsideAJobSaysWhereItRuns() {
        NotInSlurmJobException e = assertThrows(NotInSlurmJobException.class,
                () -> requeue(Map.of()).charge(Optional.empty()));

        assertTrue(e.getMessage().contains("crjob requeue runs in the job's batch script"), e.getMessage());
    }

    private ScriptRequeue requeue(Map<String, String> env) {
        return new ScriptRequeue(slurm, new RequeuePolicy(50, Duration.ofMinutes(5)), new JobEnv(env),
                Clock.fixed(NOW, ZoneOffset.UTC), dir, log);
    }

    private static JobInfo job(String comment) {
        Instant started = NOW.minusSeconds(100);
        return new JobInfo("42", "vt", JobState.RUNNING, "None", Optional.of(started),
                Optional.of(started.plusSeconds(300)), SlurmTime.parse("00:05:00"), comment, 0, Path.of("/tmp"),
                Optional.of("node1"), true, Map.of());
    }
}
