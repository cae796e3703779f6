package org.crjob.concurrent;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Asking a condition again and again, a fixed pause apart, until it holds or a deadline has come: for what gives no
 * notice when it changes (a file that appears, a process that is gone). The clock and the pause can be given, so a
 * unit test runs a wait of minutes in no time.
 */
public final class Poll {

    /** Sleeps; a test gives one that only moves its own clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration pause) throws InterruptedException;
    }

    private final Duration every;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;

    private Poll(Duration every, LongSupplier nanoTime, Sleeper sleeper) {
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("a poll needs a positive pause, got " + every);
        }
        this.every = every;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /** Polls every {@code pause} on the JVM's monotonic clock, sleeping in between. */
    public static Poll every(Duration pause) {
        return every(pause, System::nanoTime, p -> Thread.sleep(p.toMillis()));
    }

    /** Polls every {@code pause} on {@code nanoTime}, waiting with {@code sleeper}. */
    public static Poll every(Duration pause, LongSupplier nanoTime, Sleeper sleeper) {
        return new Poll(pause, nanoTime, sleeper);
    }

    /** A deadline {@code patience} from now, on this poll's clock. */
    public Deadline deadline(Duration patience) {
        return Deadline.in(patience, nanoTime);
    }

    /**
     * Asks {@code done} (at once, then after each pause) until it says yes or {@code patience} is over, and says
     * whether it did.
     */
    public boolean until(BooleanSupplier done, Duration patience) throws InterruptedException {
        return until(done, deadline(patience));
    }

    /** As {@link #until(BooleanSupplier, Duration)}, up to a deadline already set. */
    public boolean until(BooleanSupplier done, Deadline deadline) throws InterruptedException {
        while (!done.getAsBoolean()) {
            if (deadline.passed()) {
                return false;
            }
            pause();
        }
        return true;
    }

    /** One pause. */
    public void pause() throws InterruptedException {
        sleeper.sleep(every);
    }
}
