package org.crjob.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.crjob.slurm.JobState;
import org.crjob.slurm.SlurmTime;
import org.junit.jupiter.api.Test;

/** TERM told apart from Slurm's own fields, as measured on Slurm 22.05 (docs/design-changes.md). */
class TriggerTest {
    private static final Trigger TERM = new Trigger(Trigger.Kind.TERMINATED, "SIGTERM", Jobs.START);

    @Test
    void aTermWithAPreemptTimeIsPreemption() {
        Trigger cause = TERM.ofTerm(Jobs.job(JobState.COMPLETING, "None", "05:00:00", SlurmTime.parse("01:00:00"), true,
                Map.of("PreemptTime", "2026-11-23T17:17:17")));

        assertEquals(Trigger.Kind.PREEMPTED, cause.kind());
        assertTrue(cause.wantsRequeue(PreemptAction.REQUEUE));
        assertFalse(cause.wantsRequeue(PreemptAction.STOP));
    }

    @Test
    void aTermWithReasonTimeLimitIsTheTimeLimitAndIsRequeued() {
        Trigger cause = TERM.ofTerm(Jobs.job(JobState.COMPLETING, "TimeLimit", "05:00:00", SlurmTime.parse("01:00:00"),
                true, Map.of("PreemptTime", "None")));

        assertEquals(Trigger.Kind.TIME_LIMIT, cause.kind());
        assertTrue(cause.wantsRequeue(PreemptAction.STOP));
    }

    @Test
    void anyOtherTermIsACancelAndNeverRequeued() {
        Trigger cause = TERM.ofTerm(Jobs.job(JobState.COMPLETING, "None", "05:00:00", SlurmTime.parse("01:00:00"), true,
                Map.of()));

        assertEquals(Trigger.Kind.CANCELLED, cause.kind());
        assertFalse(cause.wantsRequeue(PreemptAction.REQUEUE));
    }
}
