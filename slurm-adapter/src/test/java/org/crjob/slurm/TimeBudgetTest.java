package org.crjob.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @ParameterizedTest(name = "{0} charged {1}: {2} left, {3} covered: {4}")
    @CsvSource({
        "00:10:00, PT1H, 00:00:00, PT1S, false", // charging stops at zero
        "UNLIMITED, P3D, UNLIMITED, P300D, true", // an unlimited budget stays unlimited
    })
    void aChargedBudgetSaysWhatIsLeftAndWhatItStillCovers(String comment, Duration run, String left, Duration next,
                                                          boolean covered) {
        TimeBudget charged = TimeBudget.fromComment(comment).charge(run);

        assertEquals(left, charged.toComment());
        assertEquals(covered, charged.covers(next));
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
    void aCommentThatIsNotATimeIsRefusedNamingItAndSayingWhatGoesThere() {
        InvalidTimeBudgetException e = assertThrows(InvalidTimeBudgetException.class,
                () -> TimeBudget.fromComment("my experiment"));

        assertTrue(e.getMessage().startsWith("the job's Comment is 'my experiment', which is not a time budget"),
                e.getMessage());
        assertTrue(e.getMessage().contains("--comment=5-00:00:00"), e.getMessage());
        assertTrue(e.getMessage().contains("accepted forms are"), e.getMessage());
    }
}
