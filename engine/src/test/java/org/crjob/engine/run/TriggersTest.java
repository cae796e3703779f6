package org.crjob.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.crjob.engine.ClockTime;
import org.crjob.engine.jobfiles.EventLog;
import org.crjob.engine.jobfiles.RecordedEvents;
import org.crjob.joblog.RecordingJobLog;
import org.crjob.posix.Signal;
import org.crjob.slurm.JobState;
import org.crjob.slurm.RecordingSlurm;
import org.crjob.slurm.SlurmTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slurm's warning signal with {@code --checkpoint-at deadline}, on a clock the test moves and a stand-in Slurm: the
 * application works on until crjob's own deadline, while a TERM, a preemption or a shortened limit still checkpoints
 * at once. The job (Jobs.running) ends at 11:00:00; its checkpoints took up to 3 s, so the margin is 36 s.
 */
class TriggersTest {
    private static final Instant END = Jobs.START.plusSeconds(3600);
    private static final Instant SIGNAL_AT = END.minusSeconds(300);
    private final MovableClock clock = new MovableClock(SIGNAL_AT);
    private final RecordingSlurm slurm = new RecordingSlurm();
    private final RecordingJobLog log = new RecordingJobLog();
    private final Triggers triggers = new Triggers(clock);
    @TempDir
    Path dir;
    private JobWatch watch;

    @BeforeEach
    void watchTheJob() {
        watch = watchingTheJob();
    }

    private JobWatch watchingTheJob() {
        slurm.job = Jobs.running();
        JobWatch jobWatch = new JobWatch(slurm.job, slurm, DeadlinePlan.defaults(), () -> Duration.ofSeconds(3),
                Duration.ofSeconds(15), clock, new EventLog(dir.resolve("events.jsonl"), clock, log), log,
                triggers::watched);
        triggers.deferWarningsTo(new SignalDeadline(DeadlinePlan.defaults(), Optional.of(Duration.ofSeconds(300)),
                () -> Optional.of(Duration.ofSeconds(3)), jobWatch, log));
        return jobWatch;
    }

    /** The watch's ticks, one a second, from now to {@code until}. */
    private void tickUntil(Instant until) {
        for (Instant t = clock.instant(); !t.isAfter(until); t = t.plusSeconds(1)) {
            clock.set(t);
            watch.tick();
        }
    }

    @Test
    void theWarningSignalIsCheckpointedAtCrjobsOwnDeadlineSaidInOneLine() {
        triggers.warned(Signal.USR1);

        Instant deadline = END.minusSeconds(36);
        assertTrue(log.events().get(0).contains("checkpoint at " + ClockTime.of(deadline) + ", in 4m24s"),
                log::toString);
        tickUntil(deadline.minusSeconds(1));
        assertFalse(triggers.first().isDone(), "the application works on");
        tickUntil(deadline);
        Trigger fired = triggers.first().join();
        assertEquals(Trigger.Kind.SIGNAL_DEADLINE, fired.kind());
        assertEquals(deadline, fired.at());
        assertEquals("crjob's own deadline after SIGUSR1 (Slurm's warning came earlier)", fired.describe());
    }

    @Test
    void theWarningSignalsCheckpointTimeIsRecordedAsADeadline() {
        triggers.warned(Signal.USR1);

        JsonNode deadline = new RecordedEvents(dir.resolve("events.jsonl")).only("deadline");
        assertEquals("signal", deadline.get("why").asText());
        assertEquals(END.toString(), deadline.get("endTime").asText());
        assertEquals(END.minusSeconds(36).toString(), deadline.get("checkpointAt").asText());
    }

    @Test
    void aTermDuringTheWaitIsCheckpointedAtOnce() {
        triggers.warned(Signal.USR1);
        tickUntil(SIGNAL_AT.plusSeconds(60));

        triggers.terminated(Signal.TERM);

        Trigger fired = triggers.first().join();
        assertEquals(Trigger.Kind.TERMINATED, fired.kind());
        assertEquals(SIGNAL_AT.plusSeconds(60), fired.at());
    }

    @Test
    void aPreemptionDuringTheWaitIsCheckpointedAtTheNextPoll() {
        triggers.warned(Signal.USR1);
        slurm.job = Jobs.job(JobState.RUNNING, "None", "05:00:00", SlurmTime.parse("01:00:00"), true,
                Map.of("PreemptTime", "2026-11-23T10:55:10"));

        tickUntil(SIGNAL_AT.plusSeconds(15));

        Trigger fired = triggers.first().join();
        assertEquals(Trigger.Kind.PREEMPTED, fired.kind());
        assertEquals(SIGNAL_AT.plusSeconds(15), fired.at(), "the first poll after the signal");
    }

    @Test
    void aLimitShortenedDuringTheWaitIsCheckpointedAtTheNextPoll() {
        triggers.warned(Signal.USR1);
        slurm.job = Jobs.job(JobState.RUNNING, "None", "05:00:00", SlurmTime.parse("00:58:00"), true, Map.of());

        tickUntil(SIGNAL_AT.plusSeconds(15));

        Trigger fired = triggers.first().join();
        assertEquals(Trigger.Kind.SIGNAL_DEADLINE, fired.kind());
        assertEquals(SIGNAL_AT.plusSeconds(15), fired.at());
    }

    @Test
    void withCheckpointAtSignalTheWarningSignalIsCheckpointedAtOnce() {
        Triggers atSignal = new Triggers(clock); // RunSession defers nothing with --checkpoint-at signal

        atSignal.warned(Signal.USR1);

        assertEquals(Trigger.Kind.PRE_TERMINATION_SIGNAL, atSignal.first().join().kind());
    }

    @Test
    void aSecondWarningSignalDoesNotMoveTheCheckpoint() {
        triggers.warned(Signal.USR1);
        clock.set(SIGNAL_AT.plusSeconds(100));

        triggers.warned(Signal.USR1);

        assertEquals(1, log.events().size(), log::toString);
        assertFalse(triggers.first().isDone());
    }
}
