package org.crjob.engine.history;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One run of the job (one allocation; a requeue starts the next). {@code ending} is one of {@link Ending}'s words
 * when the log says it ({@code run-end}); for a log of an older crjob it is what its events show ("exit 0",
 * "stopped (saved)", "no end recorded"). Nullable fields are those the log may not have.
 */
public record Run(int number, String host, Instant start, Instant end, Instant launched, String ending,
        Integer exitStatus, Double chargedSeconds, Double limitSeconds, Double budgetLeftSeconds, Restore restore,
        List<CheckpointMark> checkpoints, List<String> engineFailures) {

    public double seconds() {
        return CheckpointMark.secondsBetween(start, end);
    }

    /** What the run was charged: what the log says, else its length. */
    public double charged() {
        return chargedSeconds != null ? chargedSeconds : seconds();
    }

    public List<CheckpointMark> stored() {
        return checkpoints.stream().filter(c -> !c.failed()).toList();
    }

    public Optional<CheckpointMark> lastStored() {
        List<CheckpointMark> stored = stored();
        return stored.isEmpty() ? Optional.empty() : Optional.of(stored.get(stored.size() - 1));
    }

    public double checkpointSeconds() {
        return checkpoints.stream().mapToDouble(CheckpointMark::seconds).sum();
    }

    /** From the run's start to its application's launch: restoring, starting the coordinator. */
    public double startupSeconds() {
        return launched == null ? 0 : CheckpointMark.secondsBetween(start, launched);
    }

    /** From the last stored checkpoint to the run's end of a requeued run: work not saved, done again. */
    public double afterLastCheckpointSeconds() {
        if (!Ending.REQUEUED.word().equals(ending)) {
            return 0;
        }
        return lastStored().map(c -> Math.max(0, CheckpointMark.secondsBetween(c.end(), end))).orElse(seconds());
    }

    /** The run's time that went into the application's work: not starting up, checkpointing or lost at the end. */
    public double workSeconds() {
        return Math.max(0, seconds() - startupSeconds() - checkpointSeconds() - afterLastCheckpointSeconds());
    }

    /** Whether the run ended with work left that a checkpoint would have kept: not done, not the application's end. */
    public boolean endedWithWorkLeft() {
        return !Ending.FINISHED.word().equals(ending) && !Ending.FAILED.word().equals(ending)
                && !ending.startsWith("exit ");
    }
}
