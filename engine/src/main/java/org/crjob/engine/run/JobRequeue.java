package org.crjob.engine.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.crjob.joblog.JobLog;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.Slurm;
import org.crjob.slurm.TimeBudget;

/**
 * What ends a run that has its checkpoint: charge the time the run really took to the budget in Comment,
 * decide, lower the next TimeLimit when less budget than a limit is left, and requeue. Used by
 * {@code crjob run} and by the nersc_cr-compatible {@code func_trap} ({@code crjob requeue}).
 */
public final class JobRequeue {
    private final Slurm slurm;
    private final RequeuePolicy policy;
    private final JobLog log;
    private final Clock clock;

    public JobRequeue(Slurm slurm, RequeuePolicy policy, JobLog log, Clock clock) {
        this.slurm = slurm;
        this.policy = policy;
        this.log = log;
        this.clock = clock;
    }

    /**
     * @param job         the job as it was when this run started (its StartTime, TimeLimit and Comment)
     * @param restarts    how many times it was requeued before this run
     * @param restartable whether there is a checkpoint to restart from
     */
    public RequeueDecision charge(JobInfo job, int restarts, boolean restartable) {
        TimeBudget budget = TimeBudget.fromComment(job.comment());
        RequeueDecision decision = policy.decide(budget, ran(job), restarts, job.timeLimit(), restartable);
        writeBudget(job.ref(), decision.budget());
        log.event(decision.why());
        if (decision.requeue()) {
            decision.nextLimit().ifPresent(limit -> slurm.updateTimeLimit(job.ref(), limit));
            slurm.requeue(job.ref());
        }
        return decision;
    }

    /** At the start of a run: could it be requeued at its end? Charges and changes nothing. */
    public RequeueDecision check(JobInfo job, int restarts) {
        RequeueDecision decision = policy.check(TimeBudget.fromComment(job.comment()), ran(job), restarts,
                job.requeue());
        log.event(decision.why());
        return decision;
    }

    /** Charges the run without deciding anything: the application ended, or the job was cancelled. */
    public TimeBudget chargeOnly(JobInfo job) {
        TimeBudget left = TimeBudget.fromComment(job.comment()).charge(ran(job));
        writeBudget(job.ref(), left);
        return left;
    }

    /** now − StartTime: what this run really used, whatever its limit was. */
    public Duration ran(JobInfo job) {
        Instant start = job.startTime().orElse(clock.instant());
        Duration ran = Duration.between(start, clock.instant());
        return ran.isNegative() ? Duration.ZERO : ran;
    }

    /** @param jobRef the job as scontrol must name it ({@link JobInfo#ref()}) */
    void writeBudget(String jobRef, TimeBudget left) {
        if (left.isSet()) {
            slurm.updateComment(jobRef, left.toComment());
        }
    }
}
