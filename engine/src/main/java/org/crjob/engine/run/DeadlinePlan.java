package org.crjob.engine.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.crjob.engine.store.Generation;

/**
 * When to take the final checkpoint without waiting for Slurm's signal, which may come up to 60 s early
 * or, when misconfigured, never: at EndTime − (the longest recent checkpoint × safety + margin).
 *
 * @param safety             how many times the longest recent checkpoint to allow
 * @param margin             added on top: requeueing and stopping the application take a moment too
 * @param firstCheckpointGuess what to assume before any checkpoint has been measured
 */
public record DeadlinePlan(double safety, Duration margin, Duration firstCheckpointGuess) {
    /** How many recent generations the estimate looks at. */
    static final int RECENT = 5;

    /**
     * Safety 2, margin 30 s, and 10 s assumed before any checkpoint is measured: the deadline is the net
     * for a signal that never comes, so before anything is measured it must not pre-empt a --signal
     * lead of a minute or more (the first checkpoint of a big code is covered by that lead).
     */
    public static DeadlinePlan defaults() {
        return new DeadlinePlan(2.0, Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    /** The longest of the recent checkpoints, engine time and store time together. */
    public Duration expectedCheckpoint(List<Generation> newestFirst) {
        return newestFirst.stream().limit(RECENT)
                .map(g -> Duration.ofMillis(Math.round(g.manifest().checkpointSeconds() * 1000)))
                .max(Duration::compareTo)
                .orElse(firstCheckpointGuess);
    }

    /** How long before the end the checkpoint must start. */
    public Duration lead(Duration expectedCheckpoint) {
        return Duration.ofMillis(Math.round(expectedCheckpoint.toMillis() * safety)).plus(margin);
    }

    public Instant checkpointAt(Instant endTime, Duration expectedCheckpoint) {
        return endTime.minus(lead(expectedCheckpoint));
    }
}
