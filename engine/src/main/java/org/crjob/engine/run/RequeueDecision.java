package org.crjob.engine.run;

import java.util.Optional;
import org.crjob.slurm.SlurmTime;
import org.crjob.slurm.TimeBudget;

/**
 * Whether the job goes back in the queue after this run, and why, in one line a user reads in the log.
 *
 * @param budget    the budget to write back to Comment (charged with this run)
 * @param nextLimit the TimeLimit to set for the next run, when it must be lowered
 */
public record RequeueDecision(boolean requeue, String why, TimeBudget budget, Optional<SlurmTime> nextLimit) {

    static RequeueDecision requeue(String why, TimeBudget budget, Optional<SlurmTime> nextLimit) {
        return new RequeueDecision(true, why, budget, nextLimit);
    }

    static RequeueDecision stop(String why, TimeBudget budget) {
        return new RequeueDecision(false, why, budget, Optional.empty());
    }
}
