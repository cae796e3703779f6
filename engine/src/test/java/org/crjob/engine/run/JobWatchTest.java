package org.crjob.engine.run;

import org.crjob.slurm.UnusedSlurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.nio.file.Path;
import org.crjob.engine.jobfiles.EventLog;
import org.crjob.engine.jobfiles.RecordedEvents;
import org.crjob.joblog.RecordingJobLog;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.JobState;
import org.crjob.slurm.Slurm;
import org.crjob.slurm.SlurmTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watch driven tick by tick on a clock the test moves: what it fires and says as Slurm's view changes. */
class JobWatchTest {
    private final MovableClock clock = new MovableClock(Jobs.START);
    private final ScriptedSlurm slurm = new ScriptedSlurm();
    private final RecordingJobLog log = new RecordingJobLog();
    private final List<Trigger.Kind> fired = new ArrayList<>();
    @TempDir
    Path dir;

    private List<String> deadlines() {
        return new RecordedEvents(dir.resolve("events.jsonl")).named("deadline").stream()
                .map(d -> d.get("why").asText() + " " + d.get("endTime").asText() + " " + d.get("checkpointAt").asText())
                .toList();
    }

    @Test
    void theDeadlineIsRecordedAtTheStartAndEachTimeTheLimitMovesIt() {
        JobWatch watch = watch(Jobs.running());
        watch.recordDeadline("start", watch.deadline());
        slurm.job = Jobs.job(JobState.RUNNING, "None", "05:00:00", SlurmTime.parse("00:10:00"), true, Map.of());
        clock.set(Jobs.START.plusSeconds(15));
        watch.tick();

        assertEquals(List.of("start " + Jobs.START.plusSeconds(3600) + " " + Jobs.START.plusSeconds(3600 - 50),
                "limit-changed " + Jobs.START.plusSeconds(600) + " " + Jobs.START.plusSeconds(600 - 50)), deadlines());
    }

    @Test
    void aPreemptionIsRecordedAsADeadlineOfNow() {
        JobWatch watch = watch(Jobs.running());
        slurm.job = Jobs.job(JobState.RUNNING, "None", "05:00:00", SlurmTime.parse("01:00:00"), true,
                Map.of("PreemptTime", "2026-11-23T10:05:00"));
        clock.set(Jobs.START.plusSeconds(5 * 60));
        watch.tick();

        assertEquals(List.of("preemption " + slurm.job.endTime().orElseThrow() + " "
                + Jobs.START.plusSeconds(5 * 60)), deadlines());
    }

    @Test
    void theDeadlineFiresAtEndTimeMinusTheLead() {
        JobWatch watch = watch(Jobs.running()); // ends at START + 1 h; lead = 10 s x 2 + 30 s = 50 s

        clock.set(Jobs.START.plusSeconds(3600 - 51));
        watch.tick();
        assertEquals(List.of(), fired);

        clock.set(Jobs.START.plusSeconds(3600 - 50));
        watch.tick();
        assertEquals(List.of(Trigger.Kind.DEADLINE), fired);
    }

    @Test
    void aLimitLoweredByAnAdministratorMovesTheDeadlineAtTheNextPoll() {
        JobWatch watch = watch(Jobs.running());
        slurm.job = Jobs.job(JobState.RUNNING, "None", "05:00:00", SlurmTime.parse("00:10:00"), true, Map.of());

        clock.set(Jobs.START.plusSeconds(10 * 60 - 40)); // past the new deadline, long before the old one
        watch.tick();

        assertEquals(List.of(Trigger.Kind.DEADLINE), fired);
        String moved = log.events().get(0);
        assertTrue(moved.contains("the job's end moved") && moved.contains("TimeLimit 01:00:00 -> 00:10:00"), moved);
    }

    @Test
    void aPreemptionSeenAtAPollFiresAtOnceAndSaysWhenTheJobEnds() {
        JobWatch watch = watch(Jobs.running());
        slurm.job = Jobs.job(JobState.RUNNING, "None", "05:00:00", SlurmTime.parse("01:00:00"), true,
                Map.of("PreemptTime", "2026-11-23T10:05:00"));

        clock.set(Jobs.START.plusSeconds(5 * 60));
        watch.tick();

        assertEquals(List.of(Trigger.Kind.PREEMPTED), fired);
        assertTrue(log.events().get(0).contains("Slurm chose this job for preemption"), log.events().toString());
    }

    @Test
    void betweenPollsSlurmIsNotAsked() {
        JobWatch watch = watch(Jobs.running());

        clock.set(Jobs.START.plusSeconds(14));
        watch.tick();
        clock.set(Jobs.START.plusSeconds(15));
        watch.tick();
        watch.tick();

        assertEquals(1, slurm.reads);
    }

    @Test
    void aControllerThatDoesNotAnswerIsSaidOnceAndTheLastEndTimeStillHolds() {
        JobWatch watch = watch(Jobs.running());
        slurm.failing = true;

        for (int s = 15; s <= 3600; s += 15) {
            clock.set(Jobs.START.plusSeconds(s));
            watch.tick();
        }

        assertEquals(1, log.events().stream().filter(l -> l.startsWith("cannot re-read the job")).count(),
                log::toString);
        assertTrue(fired.contains(Trigger.Kind.DEADLINE));
    }

    private JobWatch watch(JobInfo job) {
        slurm.job = job;
        return new JobWatch(job, slurm, DeadlinePlan.defaults(), () -> Duration.ofSeconds(10), Duration.ofSeconds(15),
                clock, new EventLog(dir.resolve("events.jsonl"), clock, log), log, fired::add);
    }

    /** Slurm's answer to "show job" as the test sets it; nothing else is used by the watch. */
    private static final class ScriptedSlurm extends UnusedSlurm {
        JobInfo job;
        boolean failing;
        int reads;

        @Override
        public JobInfo showJob(String jobId) {
            reads++;
            if (failing) {
                throw new IllegalStateException("slurm_load_jobs error: Unable to contact slurm controller");
            }
            return job;
        }
    }
}
