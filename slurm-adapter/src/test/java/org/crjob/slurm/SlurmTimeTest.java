package org.crjob.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.crjob.failure.InvalidValueException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SlurmTimeTest {

    @ParameterizedTest(name = "''{0}'' is {1} s")
    @CsvSource({
        "30,            1800",       // a bare number is minutes (nersc_cr read it as seconds)
        "0,             0",
        "90,            5400",       // minutes may exceed 59 when they stand alone
        "45:30,         2730",       // minutes:seconds
        "12:00:00,      43200",      // hours:minutes:seconds
        "36:00:00,      129600",     // hours may exceed 23 without a day field
        "2-12,          216000",     // days-hours (nersc_cr: 132 s)
        "5-00:00,       432000",     // days-hours:minutes (nersc_cr: 18000 s)
        "1-02:03:04,    93784",      // days-hours:minutes:seconds
        "'  00:10:00 ', 600",        // surrounding blanks, as a Comment may carry them
    })
    void parsesEveryFormExactlyAsSlurmReadsIt(String text, long seconds) {
        assertEquals(seconds, SlurmTime.parse(text).seconds());
    }

    @ParameterizedTest
    @ValueSource(strings = {"UNLIMITED", "INFINITE", "unlimited", "Infinite"})
    void unlimitedAndInfiniteAreUnlimited(String text) {
        SlurmTime time = SlurmTime.parse(text);
        assertTrue(time.isUnlimited());
        assertEquals("UNLIMITED", time.format());
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "45:30", "12:00:00", "36:00:00", "2-12", "5-00:00", "1-02:03:04", "0", "UNLIMITED"})
    void everyValidFormRoundTripsThroughItsPrintedForm(String text) {
        SlurmTime parsed = SlurmTime.parse(text);
        assertEquals(parsed, SlurmTime.parse(parsed.format()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2-", "1:2:3:4", "-5", "abc", "25:61", "", "   ", "1-24", "1:60:00", "5m", "1.5", "-1", "1-2-3", ":30"})
    void rejectsWhatSlurmRejectsQuotingTheInputAndListingTheForms(String text) {
        InvalidSlurmTimeException e = assertThrows(InvalidSlurmTimeException.class, () -> SlurmTime.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("days-hours:minutes:seconds"), e.getMessage());
        assertEquals(text, e.input());
    }

    @Test
    void rejectsNullWithAMessageThatSaysWhatIsMissing() {
        InvalidSlurmTimeException e = assertThrows(InvalidSlurmTimeException.class, () -> SlurmTime.parse(null));
        assertTrue(e.getMessage().startsWith("missing Slurm time"), e.getMessage());
    }

    @Test
    void aFieldOutOfRangeIsNamedInTheError() {
        InvalidSlurmTimeException e = assertThrows(InvalidSlurmTimeException.class, () -> SlurmTime.parse("25:61"));
        assertTrue(e.getMessage().contains("'61' must be below 60"), e.getMessage());
    }

    @Test
    void aValueTooLargeForALongIsRejectedNotWrapped() {
        assertThrows(InvalidSlurmTimeException.class, () -> SlurmTime.parse("99999999999999999999"));
        assertThrows(InvalidSlurmTimeException.class, () -> SlurmTime.parse("999999999999999-00"));
    }

    @Test
    void formatsAsScontrolPrints() {
        assertEquals("00:00:00", SlurmTime.ofSeconds(0).format());
        assertEquals("00:01:01", SlurmTime.ofSeconds(61).format());
        assertEquals("23:59:59", SlurmTime.ofSeconds(86_399).format());
        assertEquals("1-00:00:00", SlurmTime.ofSeconds(86_400).format());
        assertEquals("5-00:00:00", SlurmTime.parse("5-00:00").format());
    }

    @Test
    void minutesRoundUpSoALimitNeverCutsAJobShort() {
        assertEquals(2, SlurmTime.ofSeconds(61).minutesRoundedUp());
        assertEquals(1, SlurmTime.ofSeconds(60).minutesRoundedUp());
        assertEquals(0, SlurmTime.ZERO.minutesRoundedUp());
    }

    @Test
    void minusStopsAtZeroAndLeavesUnlimitedAlone() {
        assertEquals(SlurmTime.ofMinutes(10), SlurmTime.ofMinutes(15).minus(Duration.ofMinutes(5)));
        assertEquals(SlurmTime.ZERO, SlurmTime.ofMinutes(1).minus(Duration.ofMinutes(5)));
        assertTrue(SlurmTime.UNLIMITED.minus(Duration.ofDays(9)).isUnlimited());
    }

    @Test
    void unlimitedIsLongerThanAnyFiniteTime() {
        assertTrue(SlurmTime.UNLIMITED.compareTo(SlurmTime.parse("9999-00")) > 0);
        assertEquals(SlurmTime.ofMinutes(5), SlurmTime.UNLIMITED.min(SlurmTime.ofMinutes(5)));
        assertFalse(SlurmTime.ofMinutes(5).isUnlimited());
    }

    @Test
    void unlimitedHasNoSecondsToGive() {
        assertThrows(IllegalStateException.class, () -> SlurmTime.UNLIMITED.seconds());
    }

    @Test
    void negativeSecondsAreRefused() {
        assertThrows(InvalidValueException.class, () -> SlurmTime.ofSeconds(-1));
    }
}
