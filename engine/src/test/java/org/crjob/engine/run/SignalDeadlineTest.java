package org.crjob.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When the checkpoint after Slurm's warning signal is due, from the evidence at hand, or why it is taken at once. */
class SignalDeadlineTest {
    private static final Instant END = Jobs.START.plusSeconds(3600);
    private static final Optional<Duration> LEAD_300 = Optional.of(Duration.ofSeconds(300));
    private static final Optional<Duration> THREE_SECONDS = Optional.of(Duration.ofSeconds(3));

    private static SignalDeadline.Decision decide(Instant signalAt, Optional<Duration> lead,
                                                  Optional<Duration> measured) {
        return SignalDeadline.decide(signalAt, Optional.of(END), lead, measured, DeadlinePlan.defaults());
    }

    @Test
    void aSignalOnTimeIsCheckpointedAtEndTimeLessTwiceTheLongestCheckpointAndThirtySeconds() {
        SignalDeadline.Decision decision = decide(END.minusSeconds(300), LEAD_300, THREE_SECONDS);

        assertEquals(Optional.of(END.minusSeconds(36)), decision.checkpointAt(), decision::why);
    }

    @Test
    void aSignalThatCameEarlyIsCheckpointedNoLaterThanItsLeadLessTheMargin() {
        Instant sixtySecondsEarly = END.minusSeconds(360);

        SignalDeadline.Decision decision = decide(sixtySecondsEarly, LEAD_300, THREE_SECONDS);

        assertEquals(Optional.of(sixtySecondsEarly.plusSeconds(300 - 36)), decision.checkpointAt(), decision::why);
        assertTrue(decision.why().contains("the signal's lead of 300 s runs out"), decision::why);
    }

    @Test
    void beforeAnyCheckpointIsTimedTheSignalIsCheckpointedAtOnce() {
        SignalDeadline.Decision decision = decide(END.minusSeconds(300), LEAD_300, Optional.empty());

        assertEquals(Optional.empty(), decision.checkpointAt());
        assertTrue(decision.why().contains("no checkpoint of this job has been timed yet"), decision::why);
    }

    @Test
    void withoutALeadInTheBatchScriptTheSignalIsCheckpointedAtOnce() {
        SignalDeadline.Decision decision = decide(END.minusSeconds(300), Optional.empty(), THREE_SECONDS);

        assertEquals(Optional.empty(), decision.checkpointAt());
        assertTrue(decision.why().contains("no #SBATCH --signal line"), decision::why);
    }

    @Test
    void aLeadNoLongerThanTheMarginLeavesNoTimeToWorkOn() {
        SignalDeadline.Decision decision = decide(END.minusSeconds(60), Optional.of(Duration.ofSeconds(60)),
                Optional.of(Duration.ofSeconds(20)));

        assertEquals(Optional.empty(), decision.checkpointAt(), "20 s x 2 + 30 s = 70 s: more than the lead");
        assertTrue(decision.why().contains("no time to work on"), decision::why);
    }
}
