package org.crjob.engine;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The time of day in crjob's log lines, {@code HH:mm:ss} in the machine's zone, as Slurm's own logs and
 * {@code scontrol show job} print it, so the two read side by side.
 */
public final class ClockTime {
    /** Not LocalTime.toString, which drops the seconds when they are zero ("12:00"). */
    private static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss");

    private ClockTime() {
    }

    public static String of(LocalTime time) {
        return time.format(HH_MM_SS);
    }

    public static String of(Instant instant) {
        return of(LocalTime.ofInstant(instant, ZoneId.systemDefault()));
    }

    public static String now() {
        return of(LocalTime.now());
    }
}
