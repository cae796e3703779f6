package org.crjob.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PollTest {

    /** A clock that moves only when the poll sleeps. */
    private final AtomicLong now = new AtomicLong(1_000);
    private final Poll poll = Poll.every(Duration.ofMillis(100), now::get, pause -> now.addAndGet(pause.toNanos()));

    @Test
    void aConditionThatHoldsAtOnceIsAskedOnceAndNeverSleeps() throws InterruptedException {
        AtomicInteger asked = new AtomicInteger();

        assertTrue(poll.until(() -> asked.incrementAndGet() > 0, Duration.ofSeconds(10)));

        assertEquals(1, asked.get());
        assertEquals(1_000, now.get());
    }

    @Test
    void aConditionIsAskedEveryPauseUntilItHolds() throws InterruptedException {
        AtomicInteger asked = new AtomicInteger();

        assertTrue(poll.until(() -> asked.incrementAndGet() == 4, Duration.ofSeconds(10)));

        assertEquals(4, asked.get());
        assertEquals(Duration.ofMillis(300).toNanos(), now.get() - 1_000);
    }

    @Test
    void aConditionThatNeverHoldsGivesUpAtTheDeadlineNotBefore() throws InterruptedException {
        assertFalse(poll.until(() -> false, Duration.ofSeconds(2)));

        assertEquals(Duration.ofSeconds(2).toNanos(), now.get() - 1_000);
    }

    @Test
    void aDeadlineSaysWhatIsLeftAndWhenItHasPassed() {
        Deadline deadline = poll.deadline(Duration.ofSeconds(1));
        assertEquals(Duration.ofSeconds(1), deadline.remaining());
        assertFalse(deadline.passed());

        now.addAndGet(Duration.ofSeconds(3).toNanos());

        assertTrue(deadline.passed());
        assertEquals(Duration.ZERO, deadline.remaining());
    }

    @Test
    void aDeadlineSaysWhetherAWaitWouldOverrunIt() {
        Deadline deadline = poll.deadline(Duration.ofSeconds(1));

        assertFalse(deadline.comesWithin(Duration.ofSeconds(1)));
        assertTrue(deadline.comesWithin(Duration.ofMillis(1001)));
    }

    @Test
    void aDeadlineOfForeverDoesNotOverflowIntoThePast() {
        assertFalse(Deadline.in(Duration.ofNanos(Long.MAX_VALUE)).passed());
    }

    @Test
    void anInterruptedSleepEndsThePollWithTheInterruption() {
        Poll interrupted = Poll.every(Duration.ofMillis(100), now::get, pause -> {
            throw new InterruptedException("test");
        });

        assertThrows(InterruptedException.class, () -> interrupted.until(() -> false, Duration.ofSeconds(1)));
    }

    @Test
    void aPollNeedsAPositivePause() {
        assertThrows(IllegalArgumentException.class, () -> Poll.every(Duration.ZERO));
    }
}
