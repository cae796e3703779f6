package org.crjob.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class ClockTimeTest {
    @Test
    void secondsAreShownOnTheFullMinute() {
        assertEquals("17:39:00", ClockTime.of(LocalTime.of(17, 39)));
    }

    @Test
    void anInstantIsShownInTheMachinesZoneAsSlurmShowsIt() {
        ZonedDateTime local = ZonedDateTime.of(2026, 11, 23, 9, 5, 7, 0, ZoneId.systemDefault());
        assertEquals("09:05:07", ClockTime.of(local.toInstant()));
    }
}
