package org.crjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code crjob time}: what timestr2secs and secs2timestr print. */
class TimeCommandTest {

    @Test
    void secondsReadsEverySlurmFormAsSlurmDoes() {
        assertEquals("1800\n", CliRun.of("time", "--seconds", "30").out(), "a bare number is minutes");
        assertEquals("2730\n", CliRun.of("time", "--seconds", "45:30").out());
        assertEquals("43200\n", CliRun.of("time", "--seconds", "12:00:00").out());
        assertEquals("216000\n", CliRun.of("time", "--seconds", "2-12").out(), "2 days 12 hours");
        assertEquals("432000\n", CliRun.of("time", "--seconds", "5-00:00").out());
        assertEquals("93784\n", CliRun.of("time", "--seconds", "1-02:03:04").out());
        assertEquals("172800\n", CliRun.of("time", "--seconds", "48:00:00").out());
    }

    @Test
    void fromSecondsPrintsSlurmsFormat() {
        CliRun run = CliRun.of("time", "--from-seconds", "90061");

        assertEquals(ExitCode.OK, run.exitCode());
        assertEquals("1-01:01:01\n", run.out());
        assertEquals("", run.err());
        assertEquals("00:00:00\n", CliRun.of("time", "--from-seconds", "0").out());
    }

    @Test
    void aBadTimeIsAUsageErrorWithSlurmTimesMessage() {
        CliRun run = CliRun.of("time", "--seconds", "25:61");

        assertEquals(ExitCode.USAGE, run.exitCode());
        assertEquals("", run.out());
        assertTrue(run.err().contains("invalid Slurm time '25:61': the field '61' must be below 60"), run.err());
    }

    @Test
    void unlimitedAndNegativeSecondsAreRefused() {
        CliRun unlimited = CliRun.of("time", "--seconds", "UNLIMITED");
        CliRun negative = CliRun.of("time", "--from-seconds", "-5");

        assertEquals(ExitCode.USAGE, unlimited.exitCode());
        assertTrue(unlimited.err().contains("UNLIMITED is no number of seconds"), unlimited.err());
        assertEquals(ExitCode.USAGE, negative.exitCode());
        assertTrue(negative.err().contains("a Slurm time cannot be negative, got -5 s"), negative.err());
    }

    @Test
    void exactlyOneConversion() {
        assertEquals(ExitCode.USAGE, CliRun.of("time").exitCode());
        assertEquals(ExitCode.USAGE, CliRun.of("time", "--seconds", "30", "--from-seconds", "5").exitCode());
    }
}
