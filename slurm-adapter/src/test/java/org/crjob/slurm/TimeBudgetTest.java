package org.crjob.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeBudgetTest {

    @Test
    void aRunIsChargedTheTimeItRanNotItsLimit() {
        TimeBudget budget = TimeBudget.fromComment("5-00:00:00");

        TimeBudget after = budget.charge(Duration.ofHours(3).plusMinutes(7));

        assertEquals("4-20:53:00", after.toComment());
    }

    @Test
    void theCommentIsReadInAnySlurmForm() {
        assertEquals(SlurmTime.ofMinutes(30), TimeBudget.fromComment("30").remaining().orElseThrow());
        assertEquals(SlurmTime.parse("60:00:00"), TimeBudget.fromComment("2-12").remaining().orElseThrow());
    }

    @Test
    void chargingStopsAtZero() {
        TimeBudget spent = TimeBudget.fromComment("00:10:00").charge(Duration.ofHours(1));

        assertEquals("00:00:00", spent.toComment());
        assertFalse(spent.covers(Duration.ofSeconds(1)));
    }

    @Test
    void theNextLimitIsLoweredToWhatIsLeftInWholeMinutes() {
        SlurmTime limit = SlurmTime.parse("12:00:00");

        assertEquals(limit, TimeBudget.fromComment("2-00:00:00").nextLimit(limit), "plenty left: unchanged");
        assertEquals(SlurmTime.ofMinutes(90), TimeBudget.fromComment("01:30:59").nextLimit(limit));
        assertEquals(SlurmTime.ofMinutes(1), TimeBudget.fromComment("00:00:20").nextLimit(limit), "never below 1 min");
    }

    @Test
    void withoutACommentThereIsNoBudgetAndNothingIsLowered() {
        TimeBudget none = TimeBudget.fromComment("");

        assertFalse(none.isSet());
        assertTrue(none.charge(Duration.ofDays(9)).covers(Duration.ofDays(9)));
        assertEquals(SlurmTime.ofMinutes(5), none.nextLimit(SlurmTime.ofMinutes(5)));
        assertEquals("", none.toComment());
    }

    @Test
    void anUnlimitedBudgetStaysUnlimited() {
        TimeBudget unlimited = TimeBudget.fromComment("UNLIMITED").charge(Duration.ofDays(3));

        assertEquals("UNLIMITED", unlimited.toComment());
        assertTrue(unlimited.covers(Duration.ofDays(300)));
    }

    @Test
    void aCommentThatIsNotATimeIsRefusedNamingItAndSayingWhatGoesThere() {
        InvalidTimeBudgetException e = assertThrows(InvalidTimeBudgetException.class,
                () -> TimeBudget.fromComment("my experiment"));

        assertTrue(e.getMessage().startsWith("the job's Comment is 'my experiment', which is not a time budget"),
                e.getMessage());
        assertTrue(e.getMessage().contains("--comment=5-00:00:00"), e.getMessage());
        assertTrue(e.getMessage().contains("accepted forms are"), e.getMessage());
    }
}
