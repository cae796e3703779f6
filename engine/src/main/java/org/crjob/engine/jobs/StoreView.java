package org.crjob.engine.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What {@code crjob jobs} read of one job's files: its newest checkpoint and the timings that judge it, or why it read
 * nothing.
 *
 * @param last       the newest complete generation; empty when none yet
 * @param expected   how long the job's next checkpoint should take ({@code DeadlinePlan}'s estimate)
 * @param interval   the job's periodic checkpoint interval, as its newest generation recorded it; empty for none or
 *                   when not known
 * @param unreadable why the files were not read (another user's, writable by others, a link); empty when they were
 * @param planned    when the running crjob recorded it will take this run's final checkpoint; empty when it recorded
 *                   none (then the deadline plan's estimate stands in)
 */
record StoreView(Optional<LastCheckpoint> last, Duration expected, Optional<Duration> interval,
        Optional<String> unreadable, Optional<Instant> planned) {

    static StoreView unreadable(String why) {
        return new StoreView(Optional.empty(), Duration.ZERO, Optional.empty(), Optional.of(why), Optional.empty());
    }

    StoreView withPlanned(Optional<Instant> checkpointAt) {
        return new StoreView(last, expected, interval, unreadable, checkpointAt);
    }
}
