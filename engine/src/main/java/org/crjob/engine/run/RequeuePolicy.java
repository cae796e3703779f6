package org.crjob.engine.run;

import java.time.Duration;
import java.util.Optional;
import org.crjob.failure.InvalidValueException;
import org.crjob.slurm.SlurmTime;
import org.crjob.slurm.TimeBudget;

/**
 * Decides, once a run's checkpoint is taken, whether the job is requeued: not when the budget left is
 * less than a useful run, not past --max-requeues, not without a checkpoint to restart from.
 *
 * @param maxRequeues  how many requeues a job may have in all
 * @param minUsefulRun a run shorter than this would mostly restart and checkpoint, not work
 * @param maxLimit     the longest TimeLimit a run after a requeue gets (nersc_cr's max_timelimit), in
 *                     whole minutes; a limit is only ever lowered
 */
public record RequeuePolicy(int maxRequeues, Duration minUsefulRun, Optional<SlurmTime> maxLimit) {

    public RequeuePolicy {
        if (maxRequeues < 0) {
            throw new InvalidValueException("--max-requeues must be 0 or more, got " + maxRequeues);
        }
        maxLimit.ifPresent(cap -> {
            if (cap.isUnlimited() || cap.seconds() < 60) {
                throw new InvalidValueException("the longest time limit must be at least a minute, got "
                        + cap.format());
            }
        });
        maxLimit = maxLimit.map(cap -> SlurmTime.ofMinutes(cap.seconds() / 60)); // Slurm keeps whole minutes
    }

    public RequeuePolicy(int maxRequeues, Duration minUsefulRun) {
        this(maxRequeues, minUsefulRun, Optional.empty());
    }

    /**
     * @param budget         the budget as the run started (from Comment)
     * @param ran            how long this run has run (now − StartTime)
     * @param restarts       how many times the job was requeued before this run
     * @param limit          this run's TimeLimit
     * @param restartable    whether a checkpoint to restart from exists (this run's, or an earlier one)
     */
    public RequeueDecision decide(TimeBudget budget, Duration ran, int restarts, SlurmTime limit, boolean restartable) {
        TimeBudget left = budget.charge(ran);
        String spent = "this run took " + SlurmTime.of(ran).format()
                + (budget.isSet() ? ", " + left + " of the budget is left" : "");
        if (!restartable) {
            return RequeueDecision.stop("not requeued: there is no checkpoint to restart from; " + spent, left);
        }
        if (restarts >= maxRequeues) {
            return RequeueDecision.spent("not requeued: the job has been requeued " + restarts + " times, the most"
                    + " --max-requeues allows; " + spent, left);
        }
        if (!left.covers(minUsefulRun)) {
            return RequeueDecision.spent("not requeued: the budget is spent (" + spent + ", less than a useful run of "
                    + SlurmTime.of(minUsefulRun).format() + ")", left);
        }
        SlurmTime byBudget = left.nextLimit(limit);
        SlurmTime next = maxLimit.map(byBudget::min).orElse(byBudget);
        Optional<SlurmTime> lowered = next.compareTo(limit) < 0 ? Optional.of(next) : Optional.empty();
        String capped = next.compareTo(byBudget) < 0 ? " (max_timelimit)" : "";
        return RequeueDecision.requeue("requeued (" + (restarts + 1) + " of at most " + maxRequeues + "): " + spent
                + lowered.map(l -> "; the next run's limit is lowered to " + l.format() + capped).orElse(""), left,
                lowered);
    }

    /**
     * At the start of a run (nersc_cr's parse_job): whether a requeue at the end could happen at all,
     * charging nothing. {@code ranSoFar} counts against the budget left.
     */
    public RequeueDecision check(TimeBudget budget, Duration ranSoFar, int restarts, boolean requeueable) {
        TimeBudget left = budget.charge(ranSoFar);
        if (!requeueable) {
            return RequeueDecision.stop("not requeueable: the job does not allow requeues; submit it with"
                    + " #SBATCH --requeue", left);
        }
        if (restarts >= maxRequeues) {
            return RequeueDecision.stop("no requeue left: the job has been requeued " + restarts + " times, the most"
                    + " --max-requeues (" + maxRequeues + ") allows", left);
        }
        if (!left.covers(minUsefulRun)) {
            return RequeueDecision.stop("the budget is spent: " + left + " is left in the job's Comment, less than a"
                    + " useful run of " + SlurmTime.of(minUsefulRun).format(), left);
        }
        String cap = maxLimit.map(c -> "; a run after a requeue gets at most " + c.format() + " (max_timelimit)")
                .orElse("");
        return RequeueDecision.requeue((left.isSet() ? "budget left " + left : "no time budget in the job's Comment:"
                + " requeues are bounded by --max-requeues alone") + "; " + restarts + " of at most " + maxRequeues
                + " requeues used" + cap, left, Optional.empty());
    }
}
