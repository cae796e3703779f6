package org.crjob.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.crjob.failure.InvalidValueException;
import org.crjob.slurm.SlurmTime;
import org.crjob.slurm.TimeBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequeuePolicyTest {
    private final RequeuePolicy policy = new RequeuePolicy(20, Duration.ofMinutes(10));
    private final SlurmTime twelveHours = SlurmTime.parse("12:00:00");

    @Test
    void requeueChargesElapsedTimeNotTheLimit() {
        RequeueDecision decision = policy.decide(TimeBudget.fromComment("5-00:00:00"), Duration.ofHours(2), 0,
                twelveHours, true);

        assertTrue(decision.requeue(), decision.why());
        assertEquals("4-22:00:00", decision.budget().toComment());
        assertEquals(Optional.empty(), decision.nextLimit());
    }

    @Test
    void theNextLimitIsLoweredWhenLessThanALimitIsLeft() {
        RequeueDecision decision = policy.decide(TimeBudget.fromComment("15:00:00"), Duration.ofHours(11).plusMinutes(55),
                3, twelveHours, true);

        assertTrue(decision.requeue());
        assertEquals(Optional.of(SlurmTime.parse("03:05:00")), decision.nextLimit());
        assertTrue(decision.why().contains("lowered to 03:05:00"), decision.why());
    }

    @Test
    void aSpentBudgetIsNotRequeuedAndTheLineGivesTheNumbers() {
        RequeueDecision decision = policy.decide(TimeBudget.fromComment("12:05:00"), Duration.ofHours(11).plusMinutes(58),
                0, twelveHours, true);

        assertFalse(decision.requeue());
        assertEquals("not requeued: the budget is spent (this run took 11:58:00, 00:07:00 of the budget is left,"
                + " less than a useful run of 00:10:00)", decision.why());
        assertEquals("00:07:00", decision.budget().toComment());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "the requeue limit stops the chain, 30-00:00:00, 12, 20, true, requeued 20 times",
        "without a checkpoint there is nothing to requeue for, 5-00:00:00, 1, 0, false, no checkpoint to restart from",
    })
    void plentyOfBudgetIsNotRequeuedWhenSomethingElseForbidsIt(String behaviour, String comment, int ranHours,
                                                               int requeuesSoFar, boolean checkpointed, String why) {
        RequeueDecision decision = policy.decide(TimeBudget.fromComment(comment), Duration.ofHours(ranHours),
                requeuesSoFar, twelveHours, checkpointed);

        assertFalse(decision.requeue());
        assertTrue(decision.why().contains(why), decision.why());
    }

    @Test
    void withoutABudgetOnlyTheRequeueLimitCounts() {
        RequeueDecision decision = policy.decide(TimeBudget.fromComment(""), Duration.ofHours(12), 5, twelveHours, true);

        assertTrue(decision.requeue());
        assertEquals("requeued (6 of at most 20): this run took 12:00:00", decision.why());
    }

    @Test
    void maxTimelimitCapsTheNextLimitAndTheLineSaysWhy() {
        RequeuePolicy capped = new RequeuePolicy(20, Duration.ofMinutes(10), Optional.of(SlurmTime.parse("48:00:00")));

        RequeueDecision decision = capped.decide(TimeBudget.fromComment("30-00:00:00"), Duration.ofHours(1), 0,
                SlurmTime.parse("3-00:00:00"), true);

        assertEquals(Optional.of(SlurmTime.parse("2-00:00:00")), decision.nextLimit());
        assertTrue(decision.why().endsWith("lowered to 2-00:00:00 (max_timelimit)"), decision.why());
    }

    @Test
    void maxTimelimitNeverRaisesALimit() {
        RequeuePolicy capped = new RequeuePolicy(20, Duration.ofMinutes(10), Optional.of(SlurmTime.parse("48:00:00")));

        assertEquals(Optional.empty(), capped.decide(TimeBudget.fromComment("30-00:00:00"), Duration.ofHours(1), 0,
                twelveHours, true).nextLimit());
    }

    @Test
    void aCheckAtStartChargesNothingAndSaysWhatIsLeft() {
        RequeueDecision check = policy.check(TimeBudget.fromComment("5-00:00:00"), Duration.ofMinutes(1), 2, true);

        assertTrue(check.requeue());
        assertEquals("budget left 4-23:59:00; 2 of at most 20 requeues used", check.why());
        assertFalse(policy.check(TimeBudget.fromComment("5-00:00:00"), Duration.ZERO, 0, false).requeue(),
                "a job submitted without --requeue cannot be requeued");
    }

    @Test
    void aNegativeRequeueLimitIsRefusedNamingIt() {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> new RequeuePolicy(-1, Duration.ZERO));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }
}
