package org.crjob.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crjob.engine.jobfiles.EventLog;
import org.crjob.engine.jobfiles.RecordedEvents;
import org.crjob.joblog.RecordingJobLog;
import org.crjob.slurm.JobEnv;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.JobState;
import org.crjob.slurm.NotInSlurmJobException;
import org.crjob.slurm.RecordingSlurm;
import org.crjob.slurm.SlurmCommandException;
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
    void aScriptsRunThatIsRequeuedEndsAsRequeuedWithItsApplicationsLastExit() {
        slurm.job = job("00:30:00");
        EventLog events = runStarted(1);
        events.append("exit", EventLog.fields("pid", 7, "status", 143));

        requeue(Map.of("SLURM_JOB_ID", "42")).charge(Optional.empty());

        JsonNode end = recorded().only("run-end");
        assertEquals(1, end.get("run").asInt());
        assertEquals("requeued", end.get("ending").asText());
        assertEquals(143, end.get("exitStatus").asInt());
        assertEquals(100, end.get("chargedSeconds").asInt());
        assertEquals("requeue", recorded().all().get(2).get("event").asText(), "the requeue, then the run's end");
    }

    @Test
    void aScriptsRunWhoseBudgetIsSpentEndsAsBudgetSpent() {
        slurm.job = job("00:06:00");
        runStarted(2);

        assertFalse(requeue(Map.of("SLURM_JOB_ID", "42", "SLURM_RESTART_COUNT", "1")).charge(Optional.empty()));

        JsonNode end = recorded().only("run-end");
        assertEquals(2, end.get("run").asInt());
        assertEquals("budget-spent", end.get("ending").asText());
        assertTrue(end.get("exitStatus").isNull(), "no exit recorded: " + end);
    }

    @Test
    void aScriptsRunWithoutACheckpointToRestartFromEndsAsFailed() {
        slurm.job = job("00:30:00");
        runStarted(1);

        requeue(Map.of("SLURM_JOB_ID", "42")).charge(Optional.of(dir.resolve("none")));

        assertEquals("failed", recorded().only("run-end").get("ending").asText());
    }

    @Test
    void aRequeueSlurmRefusesEndsTheRunAsFailed() {
        slurm.job = job("00:30:00");
        slurm.failLimit = true;
        runStarted(1);
        ScriptRequeue capped = new ScriptRequeue(slurm, new RequeuePolicy(50, Duration.ofMinutes(5),
                Optional.of(SlurmTime.ofMinutes(4))), new JobEnv(Map.of("SLURM_JOB_ID", "42")),
                Clock.fixed(NOW, ZoneOffset.UTC), dir, log);

        assertThrows(SlurmCommandException.class, () -> capped.charge(Optional.empty()));

        assertEquals("failed", recorded().only("run-end").get("ending").asText());
    }

    @Test
    void aRunThatAlreadyEndedIsNotEndedTwice() {
        slurm.job = job("00:30:00");
        EventLog events = runStarted(1);
        events.append("run-end", EventLog.fields("run", 1, "ending", "finished", "exitStatus", 0));

        requeue(Map.of("SLURM_JOB_ID", "42")).charge(Optional.empty());

        assertEquals("finished", recorded().only("run-end").get("ending").asText());
    }

    @Test
    void aRunWhoseStartWasNeverRecordedGetsNoEnd() {
        slurm.job = job("00:30:00");
        EventLog events = runStarted(1);

        requeue(Map.of("SLURM_JOB_ID", "42", "SLURM_RESTART_COUNT", "1")).charge(Optional.empty());

        assertEquals(List.of(), recorded().named("run-end"), "run 2 has no run-start: " + events.file());
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

    /** The job's events.jsonl, as its coordinator starts it, with run {@code run}'s run-start. */
    private EventLog runStarted(int run) {
        Path stateDir = dir.resolve(".crjob/42");
        try {
            Files.createDirectories(stateDir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EventLog events = new EventLog(stateDir.resolve("events.jsonl"), log);
        events.append("run-start", EventLog.fields("run", run, "jobId", "42"));
        return events;
    }

    private RecordedEvents recorded() {
        return new RecordedEvents(dir.resolve(".crjob/42/events.jsonl"));
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
