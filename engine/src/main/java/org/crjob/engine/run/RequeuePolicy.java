package org.crjob.engine.run;

import java.time.Duration;
import java.util.Optional;
import org.crjob.slurm.SlurmTime;
import org.crjob.slurm.TimeBudget;

/**
 * Decides, once a run's checkpoint is taken, whether the job is requeued: not when the budget left is
 * less than a useful run, not past --max-requeues, not without a checkpoint to restart from.
 *
 * @param maxRequeues  how many requeues a job may have in all
 * @param minUsefulRun a run shorter than this would mostly restart and checkpoint, not work
 */
public record RequeuePolicy(int maxRequeues, Duration minUsefulRun) {

    public RequeuePolicy {
        if (maxRequeues < 0) {
            throw new IllegalArgumentException("--max-requeues must be 0 or more, got " + maxRequeues);
        }
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
            return RequeueDecision.stop("not requeued: the job has been requeued " + restarts + " times, the most"
                    + " --max-requeues allows; " + spent, left);
        }
        if (!left.covers(minUsefulRun)) {
            return RequeueDecision.stop("not requeued: the budget is spent (" + spent + ", less than a useful run of "
                    + SlurmTime.of(minUsefulRun).format() + ")", left);
        }
        SlurmTime next = left.nextLimit(limit);
        Optional<SlurmTime> lowered = next.equals(limit) ? Optional.empty() : Optional.of(next);
        return RequeueDecision.requeue("requeued (" + (restarts + 1) + " of at most " + maxRequeues + "): " + spent
                + lowered.map(l -> "; the next run's limit is lowered to " + l.format()).orElse(""), left, lowered);
    }
}
