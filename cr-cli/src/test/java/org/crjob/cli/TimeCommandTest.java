package org.crjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code crjob time}: what timestr2secs and secs2timestr print. */
class TimeCommandTest {

    @ParameterizedTest(name = "{0} is {1} s")
    @CsvSource({
        "30, 1800",            // a bare number is minutes
        "45:30, 2730",
        "12:00:00, 43200",
        "2-12, 216000",        // 2 days 12 hours
        "5-00:00, 432000",
        "1-02:03:04, 93784",
        "48:00:00, 172800",
    })
    void secondsReadsEverySlurmFormAsSlurmDoes(String time, long seconds) {
        assertEquals(seconds + "\n", CliRun.of("time", "--seconds", time).out());
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
