package org.crjob.joblog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobLogLinesTest {
    private static final ZoneId ZONE = ZoneOffset.ofHours(-8);

    private final StringWriter text = new StringWriter();
    private final SettableClock clock = new SettableClock(LocalDateTime.of(2026, 12, 2, 23, 59, 58));

    private JobLogLines log(String label, boolean details) {
        return new JobLogLines(label, new PrintWriter(text), clock, details);
    }

    private List<String> lines() {
        return text.toString().lines().toList();
    }

    @Test
    void onceTheJobCrossesADayEveryLineCarriesTheDate() {
        JobLogLines log = log("crjob", false);
        log.event("launching");
        clock.set(LocalDateTime.of(2026, 12, 2, 23, 59, 59));
        log.warning("the batch script has no #SBATCH --signal line");
        clock.set(LocalDateTime.of(2026, 12, 3, 0, 0, 1));
        log.event("checkpoint 1 done");
        clock.set(LocalDateTime.of(2026, 12, 3, 14, 2, 11));
        log.event("checkpoint 2 done");
        assertEquals(List.of("[crjob 23:59:58] launching",
                "[crjob 23:59:59] warning: the batch script has no #SBATCH --signal line",
                "[crjob 12-03 00:00:01] checkpoint 1 done", "[crjob 12-03 14:02:11] checkpoint 2 done"), lines());
    }

    @Test
    void aRequeuedRunOfAJobThatStartedOnAnEarlierDayDatesEveryLine() {
        clock.set(LocalDateTime.of(2026, 12, 3, 14, 2, 11));
        JobLogLines log = log("crjob", false);
        log.jobStartedAt(LocalDateTime.of(2026, 12, 2, 22, 0, 0).atZone(ZONE).toInstant());
        log.event("restarting from checkpoint generation 3 (run 2)");
        clock.set(LocalDateTime.of(2026, 12, 3, 14, 2, 12));
        log.event("launching");
        assertEquals(List.of("[crjob 12-03 14:02:11] restarting from checkpoint generation 3 (run 2)",
                "[crjob 12-03 14:02:12] launching"), lines());
    }

    @Test
    void aRequeuedRunOfAJobThatStartedTheSameDayShowsTheTimeOnly() {
        clock.set(LocalDateTime.of(2026, 12, 3, 14, 2, 11));
        JobLogLines log = log("crjob", false);
        log.jobStartedAt(LocalDateTime.of(2026, 12, 3, 9, 0, 0).atZone(ZONE).toInstant());
        log.event("launching");
        assertEquals(List.of("[crjob 14:02:11] launching"), lines());
    }

    @Test
    void aFirstLineOnALaterDayThanTheStartCarriesTheDate() {
        JobLogLines log = log("crjob coordinator", false);
        clock.set(LocalDateTime.of(2026, 12, 5, 7, 0, 0));
        log.event("coordinator stopped");
        assertEquals(List.of("[crjob coordinator 12-05 07:00:00] coordinator stopped"), lines());
    }

    @Test
    void aLineOnTheFullMinuteStillShowsItsSeconds() {
        // regression: LocalTime.toString printed "[crjob 17:39]" at 17:39:00
        clock.set(LocalDateTime.of(2026, 12, 2, 17, 39, 0));
        log("crjob", false).event("launching");
        assertEquals(List.of("[crjob 17:39:00] launching"), lines());
    }

    @Test
    void detailsAreWrittenOnlyWhenAskedFor() {
        log("crjob", false).detail("hidden");
        log("crjob", true).detail("shown");
        assertEquals(List.of("[crjob 23:59:58] shown"), lines());
    }

    @Test
    void aHiddenDetailDoesNotUseUpTheDate() {
        JobLogLines log = log("crjob", false);
        clock.set(LocalDateTime.of(2026, 12, 3, 0, 0, 1));
        log.detail("hidden");
        log.event("shown");
        assertEquals(List.of("[crjob 12-03 00:00:01] shown"), lines());
    }

    /** A clock whose time the test sets. */
    private static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(LocalDateTime start) {
            set(start);
        }

        void set(LocalDateTime time) {
            now = time.atZone(ZONE).toInstant();
        }

        @Override
        public ZoneId getZone() {
            return ZONE;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
