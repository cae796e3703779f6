package org.crjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.crjob.engine.store.Capture;
import org.crjob.engine.store.CaptureMode;
import org.crjob.engine.store.CheckpointStore;
import org.crjob.engine.store.Generation;
import org.crjob.engine.store.SnapshotRequest;
import org.crjob.joblog.JobLog;
import org.crjob.slurm.JobState;
import org.crjob.slurm.QueuedJob;
import org.crjob.slurm.SlurmTime;
import org.crjob.slurm.UnusedSlurm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crjob jobs} as a user reads it, on a stand-in squeue. */
class JobsCommandTest {

    @TempDir
    Path work;

    @Test
    void withoutCrjobJobsItSaysSoAndSucceeds() {
        CliRun run = run(List.of(), Instant.now(), "jobs");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("no crjob jobs\n", run.out());
    }

    @Test
    void aJobsRowShowsItsRunBudgetAndLastCheckpointWithinAHundredColumns() throws Exception {
        Generation newest = checkpoint("4242");
        Instant now = newest.created().plus(Duration.ofMinutes(4));
        CliRun run = run(List.of(job("4242", "a-very-long-job-name", now)), now, "jobs");
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(2, lines.size(), run.out());
        assertEquals(List.of("4242", "a-very-lo~", "RUNNING", "3", "2", "4-22:00:00", "4m", "ago"),
                List.of(lines.get(1).split(" +")).subList(0, 8));
        assertTrue(lines.get(1).matches(".* yes +in 1h59m +ok"), lines.get(1));
        lines.forEach(line -> assertTrue(line.length() <= 100, line.length() + " columns: " + line));
    }

    @Test
    void jsonIsOneArrayWithAnObjectPerJob() throws Exception {
        Generation newest = checkpoint("4242");
        Instant now = newest.created().plus(Duration.ofMinutes(4));
        CliRun run = run(List.of(job("4242", "sim", now)), now, "jobs", "--json");
        JsonNode rows = JsonMixin.mapper().readTree(run.out());
        assertEquals(1, rows.size(), run.out());
        JsonNode row = rows.get(0);
        assertEquals("4242", row.get("jobId").asText());
        assertEquals(3, row.get("run").asInt());
        assertEquals("ok", row.get("health").asText());
        assertEquals("4-22:00:00", row.get("budgetLeft").asText());
        assertTrue(row.get("lastCheckpoint").get("verified").asBoolean(), run.out());
    }

    @Test
    void spansReadAsPeopleSayThem() {
        assertEquals("45s ago", JobsTable.ago(Duration.ofSeconds(45)));
        assertEquals("4m ago", JobsTable.ago(Duration.ofSeconds(4 * 60 + 10)));
        assertEquals("2h10m ago", JobsTable.ago(Duration.ofMinutes(130)));
        assertEquals("3d2h ago", JobsTable.ago(Duration.ofHours(74)));
        assertEquals("in 2h", JobsTable.in(Duration.ofHours(2)));
        assertEquals("passed", JobsTable.in(Duration.ofSeconds(-1)));
    }

    private CliRun run(List<QueuedJob> jobs, Instant now, String... args) {
        UnusedSlurm squeue = new UnusedSlurm() {
            @Override
            public List<QueuedJob> myJobs(boolean withEnded) {
                return jobs;
            }
        };
        return CliRun.in(new CliContext(squeue, Map.of(), Clock.fixed(now, ZoneOffset.UTC), work), args);
    }

    private QueuedJob job(String id, String name, Instant now) {
        Instant start = now.minus(Duration.ofHours(1));
        return new QueuedJob(id, id, name, JobState.RUNNING, work, 2, Optional.of(start),
                Optional.of(start.plus(Duration.ofHours(3))), SlurmTime.parse("3:00:00"), "4-23:00:00");
    }

    private Generation checkpoint(String job) throws Exception {
        Path state = Files.writeString(work.resolve("state.dat"), "progress");
        try (CheckpointStore store = CheckpointStore.open(work.resolve("crjob.ckpt").resolve(job), "test", 2,
                JobLog.silent())) {
            return store.commit(SnapshotRequest.of("signal", CaptureMode.COPY, List.of(Capture.of(state)),
                    Duration.ofSeconds(1)));
        }
    }
}
