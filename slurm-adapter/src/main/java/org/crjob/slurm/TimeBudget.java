package org.crjob.slurm;

import java.time.Duration;
import java.util.Optional;

/**
 * The job's total time budget across all its requeues, kept in its Comment field as a Slurm time
 * ({@code #SBATCH --comment=5-00:00:00}), as NERSC's variable-time jobs do.
 *
 * <p>Unlike nersc_cr, which charges the whole TimeLimit when a run starts, a run is charged the time it
 * really ran (now − StartTime) when it ends: a run that finishes early or is cut short costs only what
 * it used.
 */
public final class TimeBudget {
    private final Optional<SlurmTime> remaining;

    private TimeBudget(Optional<SlurmTime> remaining) {
        this.remaining = remaining;
    }

    /**
     * Reads the budget from a job's Comment. An empty Comment means no budget was set.
     *
     * @throws InvalidTimeBudgetException when the Comment holds something that is not a Slurm time
     */
    public static TimeBudget fromComment(String comment) {
        if (comment == null || comment.isBlank()) {
            return new TimeBudget(Optional.empty());
        }
        try {
            return new TimeBudget(Optional.of(SlurmTime.parse(comment)));
        } catch (InvalidSlurmTimeException e) {
            throw new InvalidTimeBudgetException(comment, e);
        }
    }

    public static TimeBudget of(SlurmTime remaining) {
        return new TimeBudget(Optional.of(remaining));
    }

    /** Whether the job set a budget at all; without one, requeues are bounded by --max-requeues alone. */
    public boolean isSet() {
        return remaining.isPresent();
    }

    public Optional<SlurmTime> remaining() {
        return remaining;
    }

    /** The budget after a run of {@code elapsed}; never below zero. */
    public TimeBudget charge(Duration elapsed) {
        if (elapsed.isNegative()) {
            throw new IllegalArgumentException("a run cannot take negative time, got " + elapsed);
        }
        return new TimeBudget(remaining.map(r -> r.minus(elapsed)));
    }

    /** Whether at least {@code needed} is left (always true without a budget). */
    public boolean covers(Duration needed) {
        return remaining.map(r -> r.isUnlimited() || r.seconds() >= needed.toSeconds()).orElse(true);
    }

    /**
     * The TimeLimit the next run should have: the current one, or the remaining budget when that is
     * shorter, in whole minutes rounded down (Slurm keeps limits in minutes, and a limit past the
     * budget would overspend it), at least one minute.
     */
    public SlurmTime nextLimit(SlurmTime current) {
        if (remaining.isEmpty() || remaining.get().isUnlimited() || remaining.get().compareTo(current) >= 0) {
            return current;
        }
        return SlurmTime.ofMinutes(Math.max(1, remaining.get().seconds() / 60));
    }

    /** What goes back into the Comment field: Slurm's own time format. */
    public String toComment() {
        return remaining.map(SlurmTime::format).orElse("");
    }

    @Override
    public String toString() {
        return remaining.map(SlurmTime::format).orElse("no budget");
    }
}
