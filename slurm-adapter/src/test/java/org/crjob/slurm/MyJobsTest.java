package org.crjob.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.crjob.process.ExecCommandRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crjob jobs}' one squeue call, on output captured from Slurm 22.05's {@code squeue --me --states=all} with
 * the adapter's own --Format: running, pending, ended and requeued jobs, array tasks, a name with '|' in it, a working
 * directory with blanks, no time limit.
 */
class MyJobsTest {

    @TempDir
    Path dir;
    private FakeSlurmBin bin;
    private Map<String, QueuedJob> jobs;

    @BeforeEach
    void setUp() {
        bin = new FakeSlurmBin(dir).answers("squeue", FakeSlurmBin.resource("squeue-me-states-all.txt"));
        Slurm slurm = new SlurmCommands(new ExecCommandRunner(), dir, Duration.ofSeconds(2));
        jobs = slurm.myJobs(true).stream().collect(Collectors.toMap(QueuedJob::ref, Function.identity()));
    }

    @Test
    void oneSqueueCallListsOnlyTheUsersJobsWithEveryFieldCrjobJobsShows() {
        assertEquals(1, bin.calls().size());
        List<String> argv = bin.calls().get(0);
        assertEquals("squeue", argv.get(0));
        assertTrue(argv.contains("--me"), argv.toString());
        assertTrue(argv.contains("--states=all"), argv.toString());
        assertEquals(8, jobs.size());
    }

    @Test
    void withoutEndedJobsSqueueIsNotAskedForEveryState() {
        new SlurmCommands(new ExecCommandRunner(), dir, Duration.ofSeconds(2)).myJobs(false);
        assertTrue(bin.calls().get(1).stream().noneMatch(a -> a.startsWith("--states")), bin.calls().toString());
    }

    @Test
    void aRunningJobWithABudgetAndBlanksInItsDirectoryComesBackWhole() {
        QueuedJob job = jobs.get("500003");
        assertEquals("500003", job.jobId());
        assertEquals("long run|a", job.name());
        assertEquals(JobState.RUNNING, job.state());
        assertEquals(Path.of("/tmp/jobs-capture/dir with blanks"), job.workDir());
        assertEquals("4-23:00:00", job.comment());
        assertEquals(SlurmTime.parse("10:00"), job.timeLimit());
        assertEquals(local("2026-12-03T06:38:52"), job.startTime().orElseThrow());
        assertEquals(local("2026-12-03T06:48:52"), job.endTime().orElseThrow());
    }

    @Test
    void anArrayTaskKeepsItsUniqueIdAndItsArrayName() {
        QueuedJob task = jobs.get("500004_1");
        assertEquals("500006", task.jobId());
        assertEquals(JobState.RUNNING, task.state());
        assertEquals("", task.comment());
    }

    @Test
    void aRequeuedJobCountsItsRestarts() {
        QueuedJob job = jobs.get("500007");
        assertEquals(1, job.restarts());
        assertEquals(JobState.PENDING, job.state());
        assertEquals("2:00:00", job.comment());
    }

    @Test
    void aJobWithoutLimitHasNoEndTime() {
        QueuedJob job = jobs.get("500005");
        assertEquals(SlurmTime.UNLIMITED, job.timeLimit());
        assertTrue(job.endTime().isEmpty());
    }

    @Test
    void endedJobsComeWithTheirFinalState() {
        assertEquals(JobState.COMPLETED, jobs.get("500000").state());
    }

    @Test
    void noJobsIsAnEmptyList() {
        bin.answers("squeue", "");
        assertEquals(List.of(), new SlurmCommands(new ExecCommandRunner(), dir, Duration.ofSeconds(2)).myJobs(false));
    }

    private static Instant local(String text) {
        return LocalDateTime.parse(text).atZone(ZoneId.systemDefault()).toInstant();
    }
}
