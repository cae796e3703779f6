package org.crjob.engine.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Wall-clock time to an x position, and the axis' ticks at round times. */
record TimeScale(Instant from, Instant to, double left, double width) {
    private static final long[] STEPS = {10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200,
        86400};
    private static final int MAX_TICKS = 10;

    static TimeScale of(Instant from, Instant to, double left, double width) {
        return new TimeScale(from, to.isAfter(from) ? to : from.plusSeconds(1), left, width);
    }

    double x(Instant time) {
        return left + width * millis(from, time) / millis(from, to);
    }

    /** The width of {@code seconds} on this scale. */
    double width(double seconds) {
        return width * seconds * 1000 / millis(from, to);
    }

    /** Round times within the scale, at most {@value #MAX_TICKS}. */
    List<Instant> ticks() {
        long span = Duration.between(from, to).toSeconds();
        long step = STEPS[STEPS.length - 1];
        for (long candidate : STEPS) {
            if (span / candidate < MAX_TICKS) {
                step = candidate;
                break;
            }
        }
        List<Instant> ticks = new ArrayList<>();
        long first = (from.getEpochSecond() + step - 1) / step * step;
        for (long t = first; !Instant.ofEpochSecond(t).isAfter(to); t += step) {
            ticks.add(Instant.ofEpochSecond(t));
        }
        return ticks;
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static double millis(Instant a, Instant b) {
        return Duration.between(a, b).toMillis();
    }
}
