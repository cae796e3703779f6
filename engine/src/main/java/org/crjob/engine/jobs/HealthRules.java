package org.crjob.engine.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.crjob.engine.run.DeadlinePlan;
import org.crjob.slurm.JobState;
import org.crjob.slurm.QueuedJob;
import org.crjob.slurm.SlurmTime;

/**
 * {@code crjob jobs}' judgement of one job, the first rule that holds:
 * <ol>
 *   <li>{@code unreadable}: its files were not read;</li>
 *   <li>{@code late}: it runs, and a checkpoint is overdue: the periodic one (its interval after the newer of its last
 *       checkpoint and this run's start, plus the deadline plan's lead for taking it), or the final one (none since
 *       the time the running crjob planned it for, or the deadline plan's estimate of it, with only the plan's
 *       margin left before the end);</li>
 *   <li>{@code budget-low}: it has not ended, and the budget left would not cover another run of its time limit;</li>
 *   <li>{@code none}: no checkpoint yet;</li>
 *   <li>{@code ok}.</li>
 * </ol>
 */
final class HealthRules {

    private final DeadlinePlan plan;

    HealthRules(DeadlinePlan plan) {
        this.plan = plan;
    }

    Health judge(QueuedJob job, StoreView files, Optional<SlurmTime> budgetLeft, Instant now) {
        if (files.unreadable().isPresent()) {
            return Health.UNREADABLE;
        }
        if (job.state() == JobState.RUNNING && overdue(job, files).anyMatch(now::isAfter)) {
            return Health.LATE;
        }
        if (!job.state().isFinal() && budgetLeft.filter(left -> low(left, job.timeLimit())).isPresent()) {
            return Health.BUDGET_LOW;
        }
        return files.last().isEmpty() ? Health.NONE : Health.OK;
    }

    /**
     * When crjob's final checkpoint of this run is due to start: as the running crjob recorded it, or else the
     * deadline plan's estimate from the job's end.
     */
    Optional<Instant> nextDeadline(QueuedJob job, StoreView files) {
        if (job.state() != JobState.RUNNING) {
            return Optional.empty();
        }
        return files.planned().or(() -> job.endTime().map(end -> plan.checkpointAt(end, files.expected())));
    }

    /** The instants after which a checkpoint should have been there and is not. */
    private Stream<Instant> overdue(QueuedJob job, StoreView files) {
        Optional<Instant> lastTaken = files.last().map(LastCheckpoint::created);
        Optional<Instant> since = Stream.of(lastTaken, job.startTime()).flatMap(Optional::stream)
                .max(Instant::compareTo);
        Duration lead = plan.lead(files.expected());
        Optional<Instant> periodic = files.interval().flatMap(interval -> since.map(s -> s.plus(interval).plus(lead)));
        Optional<Instant> last = nextDeadline(job, files)
                .filter(due -> lastTaken.map(taken -> taken.isBefore(due)).orElse(true))
                .map(due -> due.plus(lead).minus(plan.margin()));
        return Stream.of(periodic, last).flatMap(Optional::stream);
    }

    private static boolean low(SlurmTime left, SlurmTime timeLimit) {
        return !left.isUnlimited() && (timeLimit.isUnlimited() || left.compareTo(timeLimit) < 0);
    }
}
