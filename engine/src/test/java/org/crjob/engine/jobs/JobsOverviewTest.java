package org.crjob.engine.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.crjob.engine.RestartInfo;
import org.crjob.engine.jobfiles.EventLog;
import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.engine.run.DeadlinePlan;
import org.crjob.engine.store.Capture;
import org.crjob.engine.store.CaptureMode;
import org.crjob.engine.store.CheckpointStore;
import org.crjob.engine.store.Generation;
import org.crjob.engine.store.SnapshotRequest;
import org.crjob.joblog.RecordingJobLog;
import org.crjob.neighbour.SecondUser;
import org.crjob.slurm.JobState;
import org.crjob.slurm.QueuedJob;
import org.crjob.slurm.SlurmTime;
import org.crjob.slurm.UnusedSlurm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crjob jobs} on a stand-in Slurm that answers squeue alone, and a clock of the test's. */
class JobsOverviewTest {

    private static final DeadlinePlan PLAN = DeadlinePlan.defaults();

    @TempDir
    Path work;
    private final Queue slurm = new Queue();

    @Test
    void aJobWithoutCrjobFilesIsLeftOut() {
        slurm.jobs.add(running("101", Duration.ofHours(1), ""));
        assertEquals(List.of(), overview(Instant.now()).list(false));
    }

    @Test
    void aJobWhoseCrjobDirectoryIsThereButNoCheckpointYetIsNone() throws IOException {
        new JobPaths(work, "101").createStateDir();
        slurm.jobs.add(running("101", Duration.ofHours(1), ""));
        JobRow row = only(Instant.now());
        assertEquals(Health.NONE, row.health());
        assertEquals(Optional.empty(), row.lastCheckpoint());
        assertEquals(1, row.run());
    }

    @Test
    void aRecentVerifiedCheckpointOfARequeuedJobIsOk() throws IOException {
        Generation newest = checkpoint("101", Duration.ofMinutes(10));
        slurm.jobs.add(job("101", JobState.RUNNING, 1, Duration.ofHours(1), "2-00:00:00"));
        JobRow row = only(newest.created().plusSeconds(60));
        assertEquals(Health.OK, row.health());
        assertEquals(2, row.run());
        assertEquals(1, row.requeues());
        LastCheckpoint last = row.lastCheckpoint().orElseThrow();
        assertEquals(1, last.generation());
        assertEquals(newest.totalBytes(), last.bytes());
        assertTrue(last.verified());
    }

    @Test
    void aPeriodicCheckpointOverdueIsLate() throws IOException {
        Generation newest = checkpoint("101", Duration.ofMinutes(1));
        slurm.jobs.add(running("101", Duration.ofHours(5), ""));
        assertEquals(Health.OK, only(newest.created().plusSeconds(60)).health());
        assertEquals(Health.LATE, only(newest.created().plus(Duration.ofMinutes(10))).health());
    }

    @Test
    void aRunAtItsEndWithNoFinalCheckpointIsLate() throws IOException {
        Generation newest = checkpoint("101", Duration.ZERO);
        Instant now = newest.created().plus(Duration.ofMinutes(30));
        QueuedJob ending = new QueuedJob("101", "101", "sim", JobState.RUNNING, work, 0,
                Optional.of(now.minus(Duration.ofMinutes(20))), Optional.of(now.plusSeconds(10)),
                SlurmTime.parse("30:00"), "");
        slurm.jobs.add(ending);
        JobRow row = only(now);
        assertEquals(Health.LATE, row.health());
        assertEquals(now.plusSeconds(10).minus(PLAN.lead(PLAN.expectedCheckpoint(List.of(newest)))),
                row.nextDeadline().orElseThrow(), "the end minus the lead for its measured checkpoint");
    }

    @Test
    void theNextDeadlineIsTheOneTheRunningCrjobRecordedNotAnEstimate() throws IOException {
        Generation newest = checkpoint("101", Duration.ZERO);
        Instant now = newest.created().plusSeconds(60);
        Instant end = now.plus(Duration.ofMinutes(50));
        Instant deferred = end.minus(Duration.ofMinutes(7)); // e.g. --deadline options of its own, or a signal's
        EventLog events = eventsOf("101");
        events.append("run-start", EventLog.fields("run", 1));
        events.append("deadline", EventLog.fields("checkpointAt", end.minusSeconds(90).toString(), "why", "start"));
        events.append("deadline", EventLog.fields("checkpointAt", deferred.toString(), "why", "signal"));
        slurm.jobs.add(new QueuedJob("101", "101", "sim", JobState.RUNNING, work, 0,
                Optional.of(now.minus(Duration.ofMinutes(10))), Optional.of(end), SlurmTime.parse("1:00:00"), ""));

        assertEquals(deferred, only(now).nextDeadline().orElseThrow());
    }

    @Test
    void aDeadlineOfAnEndedRunIsNotTheNextOneTheEstimateStandsIn() throws IOException {
        Generation newest = checkpoint("101", Duration.ZERO);
        Instant now = newest.created().plusSeconds(60);
        Instant end = now.plus(Duration.ofMinutes(50));
        EventLog events = eventsOf("101");
        events.append("run-start", EventLog.fields("run", 1));
        events.append("deadline", EventLog.fields("checkpointAt", now.minusSeconds(600).toString(), "why", "start"));
        events.append("run-end", EventLog.fields("run", 1, "ending", "requeued"));
        slurm.jobs.add(new QueuedJob("101", "101", "sim", JobState.RUNNING, work, 1,
                Optional.of(now.minus(Duration.ofMinutes(1))), Optional.of(end), SlurmTime.parse("1:00:00"), ""));

        assertEquals(end.minus(PLAN.lead(PLAN.expectedCheckpoint(List.of(newest)))),
                only(now).nextDeadline().orElseThrow());
    }

    @Test
    void aBudgetThatWouldNotCoverAnotherFullRunIsBudgetLow() throws IOException {
        Generation newest = checkpoint("101", Duration.ZERO);
        Instant now = newest.created().plusSeconds(60);
        slurm.jobs.add(new QueuedJob("101", "101", "sim", JobState.RUNNING, work, 3,
                Optional.of(now.minus(Duration.ofMinutes(10))), Optional.of(now.plus(Duration.ofMinutes(50))),
                SlurmTime.parse("1:00:00"), "0:40:00"));
        JobRow row = only(now);
        assertEquals(Health.BUDGET_LOW, row.health());
        assertEquals(SlurmTime.parse("0:30:00"), row.budgetLeft().orElseThrow());
    }

    @Test
    void anEndedJobIsNeverBudgetLow() throws IOException {
        Generation newest = checkpoint("101", Duration.ZERO);
        slurm.jobs.add(job("101", JobState.COMPLETED, 2, Duration.ofHours(1), "0:05:00"));
        assertEquals(Health.OK, only(newest.created().plusSeconds(60)).health());
    }

    @Test
    void aStoreOthersMayWriteIsNotReadButTheJobStillGetsItsRow() throws IOException {
        Path store = checkpoint("101", Duration.ZERO).dir().getParent();
        Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxrwx---"));
        slurm.jobs.add(running("101", Duration.ofHours(1), "1-00:00:00"));
        JobRow row = only(Instant.now());
        assertEquals(Health.UNREADABLE, row.health());
        assertTrue(row.unreadable().orElseThrow().contains("writable by its group"), row.unreadable().toString());
        assertEquals(Optional.empty(), row.lastCheckpoint());
        assertEquals("sim", row.name());
    }

    @Test
    void aCrjobDirectoryAnotherUserPlantedInASharedDirectoryIsNotRead() throws IOException {
        SecondUser mallory = SecondUser.mallory();
        Path project = SecondUser.shared(work.resolve("project"));
        Path planted = project.resolve(".crjob/101");
        assertEquals(0, mallory.sh("mkdir -p '" + planted + "' && chmod 700 '" + planted + "' && echo"
                + " '{\"ckptDir\":\"/etc\"}' > '" + planted + "/coordinator.json'").status());
        slurm.jobs.add(new QueuedJob("101", "101", "sim", JobState.RUNNING, project, 0, Optional.empty(),
                Optional.empty(), SlurmTime.UNLIMITED, ""));
        JobRow row = only(Instant.now());
        assertEquals(Health.UNREADABLE, row.health());
        assertTrue(row.unreadable().orElseThrow().contains(SecondUser.NAME), row.unreadable().toString());
    }

    @Test
    void aStoreThatIsALinkIsNotFollowed() throws IOException {
        Path elsewhere = checkpoint("999", Duration.ZERO).dir().getParent();
        Files.createSymbolicLink(work.resolve("crjob.ckpt/101"), elsewhere);
        slurm.jobs.add(running("101", Duration.ofHours(1), ""));
        assertEquals(Health.UNREADABLE, only(Instant.now()).health());
    }

    @Test
    void aHundredJobsCostExactlyOneSqueueCall() throws IOException {
        checkpoint("100", Duration.ZERO);
        IntStream.range(100, 200).forEach(i -> slurm.jobs.add(running(Integer.toString(i), Duration.ofHours(1), "")));
        List<JobRow> rows = overview(Instant.now()).list(false);
        assertEquals(1, slurm.calls);
        assertEquals(1, rows.size()); // the other 99 have no crjob files: not crjob's
    }

    private EventLog eventsOf(String job) throws IOException {
        JobPaths paths = new JobPaths(work, job);
        paths.createStateDir();
        return new EventLog(paths.eventsFile(), new RecordingJobLog());
    }

    private JobsOverview overview(Instant now) {
        return new JobsOverview(slurm, Clock.fixed(now, ZoneOffset.UTC), PLAN);
    }

    private JobRow only(Instant now) {
        List<JobRow> rows = overview(now).list(false);
        assertEquals(1, rows.size(), rows.toString());
        return rows.get(0);
    }

    private QueuedJob running(String id, Duration limit, String comment) {
        return job(id, JobState.RUNNING, 0, limit, comment);
    }

    private QueuedJob job(String id, JobState state, int restarts, Duration limit, String comment) {
        Instant start = Instant.now().minusSeconds(120);
        return new QueuedJob(id, id, "sim", state, work, restarts, Optional.of(start),
                Optional.of(start.plus(limit)), SlurmTime.of(limit), comment);
    }

    /** A generation as crjob run stores it in the job's default store, recording the periodic interval. */
    private Generation checkpoint(String job, Duration interval) throws IOException {
        Path state = Files.writeString(work.resolve("state-" + job + ".dat"), "progress " + job);
        try (CheckpointStore store = CheckpointStore.open(work.resolve("crjob.ckpt").resolve(job), "test", 2,
                new RecordingJobLog())) {
            return store.commit(SnapshotRequest.of("signal", CaptureMode.COPY, List.of(Capture.of(state)),
                    Duration.ofSeconds(2)).withMeta(Map.of(RestartInfo.INTERVAL_SECONDS,
                    Long.toString(interval.toSeconds()))));
        }
    }

    /** Answers squeue --me with the test's jobs, and counts the calls; any other Slurm call fails the test. */
    private static final class Queue extends UnusedSlurm {
        final List<QueuedJob> jobs = new ArrayList<>();
        int calls;

        @Override
        public List<QueuedJob> myJobs(boolean withEnded) {
            calls++;
            return List.copyOf(jobs);
        }
    }
}
