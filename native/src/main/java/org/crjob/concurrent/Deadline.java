package org.crjob.concurrent;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A point in time some patience from now, on a monotonic clock ({@link System#nanoTime()} unless a test gives its
 * own), so a change of the wall clock never cuts a wait short or stretches it.
 */
public final class Deadline {
    private final LongSupplier nanoTime;
    private final long at;

    private Deadline(LongSupplier nanoTime, Duration patience) {
        this.nanoTime = nanoTime;
        // capped so that a patience of "forever" (Long.MAX_VALUE nanos) cannot overflow into the past
        this.at = nanoTime.getAsLong() + Math.min(patience.toNanos(), Long.MAX_VALUE / 4);
    }

    /** {@code patience} from now on the JVM's monotonic clock. */
    public static Deadline in(Duration patience) {
        return in(patience, System::nanoTime);
    }

    /** {@code patience} from now on {@code nanoTime}. */
    public static Deadline in(Duration patience, LongSupplier nanoTime) {
        return new Deadline(nanoTime, patience);
    }

    /** Whether the deadline has come. */
    public boolean passed() {
        return nanoTime.getAsLong() - at >= 0;
    }

    /** Whether the deadline comes before {@code wait} from now is over: a wait that long would overrun it. */
    public boolean comesWithin(Duration wait) {
        return at - nanoTime.getAsLong() < wait.toNanos();
    }

    /** The time left, never negative. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, at - nanoTime.getAsLong()));
    }
}
