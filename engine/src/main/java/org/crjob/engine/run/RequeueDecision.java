package org.crjob.engine.run;

import java.util.Optional;
import org.crjob.engine.jobfiles.RunEvents;
import org.crjob.slurm.SlurmTime;
import org.crjob.slurm.TimeBudget;

/**
 * Whether the job goes back in the queue after this run, and why, in one line a user reads in the log.
 *
 * @param budget    the budget to write back to Comment (charged with this run)
 * @param budgetSpent not requeued because the budget or the requeue limit is used up (not for want of a checkpoint)
 * @param nextLimit the TimeLimit to set for the next run, when it must be lowered
 */
public record RequeueDecision(boolean requeue, boolean budgetSpent, String why, TimeBudget budget,
                              Optional<SlurmTime> nextLimit) {

    static RequeueDecision requeue(String why, TimeBudget budget, Optional<SlurmTime> nextLimit) {
        return new RequeueDecision(true, false, why, budget, nextLimit);
    }

    static RequeueDecision stop(String why, TimeBudget budget) {
        return new RequeueDecision(false, false, why, budget, Optional.empty());
    }

    /** Not requeued: the budget in Comment or --max-requeues is used up. */
    static RequeueDecision spent(String why, TimeBudget budget) {
        return new RequeueDecision(false, true, why, budget, Optional.empty());
    }

    /** The run's ending as {@code run-end} names it; {@code notRequeued} when it is not for a spent budget. */
    String ending(String notRequeued) {
        return requeue ? RunEvents.REQUEUED : budgetSpent ? RunEvents.BUDGET_SPENT : notRequeued;
    }
}
