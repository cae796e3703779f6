package org.crjob.engine.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.crjob.engine.jobfiles.EventLog;
import org.crjob.joblog.JobLog;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.Slurm;
import org.crjob.slurm.SlurmTime;
import org.crjob.slurm.TimeBudget;

/**
 * What ends a run that has its checkpoint: charge the time the run really took to the budget in Comment,
 * decide, lower the next TimeLimit when less budget than a limit is left, and requeue. Used by
 * {@code crjob run} and by the nersc_cr-compatible {@code func_trap} ({@code crjob requeue}).
 */
public final class JobRequeue {
    private final Slurm slurm;
    private final RequeuePolicy policy;
    private final EventLog events;
    private final JobLog log;
    private final Clock clock;
    /** What this run was charged, once it was. */
    private volatile Optional<Duration> charged = Optional.empty();

    /** For a job script's own requeue, which records no events. */
    public JobRequeue(Slurm slurm, RequeuePolicy policy, JobLog log, Clock clock) {
        this(slurm, policy, EventLog.discarding(), log, clock);
    }

    /** @param events where the {@code requeue} event goes, just before the job is requeued */
    public JobRequeue(Slurm slurm, RequeuePolicy policy, EventLog events, JobLog log, Clock clock) {
        this.slurm = slurm;
        this.policy = policy;
        this.events = events;
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
        Duration ran = ran(job);
        RequeueDecision decision = policy.decide(budget, ran, restarts, job.timeLimit(), restartable);
        writeBudget(job.ref(), decision.budget());
        charged = Optional.of(ran);
        log.event(decision.why());
        if (decision.requeue()) {
            decision.nextLimit().ifPresent(limit -> slurm.updateTimeLimit(job.ref(), limit));
            SlurmTime next = decision.nextLimit().orElse(job.timeLimit());
            events.append("requeue", EventLog.fields("chargedSeconds", ran.toSeconds(),
                    "budgetLeftSeconds", seconds(decision.budget().remaining()),
                    "nextLimitSeconds", next.isUnlimited() ? null : next.seconds()));
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
        Duration ran = ran(job);
        TimeBudget left = TimeBudget.fromComment(job.comment()).charge(ran);
        writeBudget(job.ref(), left);
        charged = Optional.of(ran);
        return left;
    }

    /** What this run was charged (its time, counted whether or not Comment holds a budget); empty until it was. */
    public Optional<Duration> charged() {
        return charged;
    }

    /** A budget's seconds for an event: null when the job has none. */
    static Long seconds(Optional<SlurmTime> budget) {
        return budget.map(SlurmTime::seconds).orElse(null);
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
