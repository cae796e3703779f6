package org.crjob.engine.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.crjob.concurrent.DaemonThreads;
import org.crjob.engine.ClockTime;
import org.crjob.engine.jobfiles.EventLog;
import org.crjob.joblog.JobLog;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.Slurm;

/**
 * Watches the running job for what Slurm will not signal to the batch shell: every second, whether crjob's own
 * deadline (EndTime − the expected checkpoint × safety − margin) has come; every {@code pollEvery}, what Slurm
 * now says of the job, since an administrator may move its end by changing TimeLimit, and preemption with a
 * GraceTime moves EndTime and sets PreemptTime without sending the batch shell anything until the grace is over.
 */
final class JobWatch implements AutoCloseable {
    private final Slurm slurm;
    private final DeadlinePlan plan;
    private final Supplier<Duration> expectedCheckpoint;
    private final Duration pollEvery;
    private final Clock clock;
    private final EventLog events;
    private final JobLog log;
    private final Consumer<Trigger.Kind> fire;
    private final ScheduledExecutorService timer;
    private volatile JobInfo job;
    private Instant lastPoll;
    private boolean pollFailing;
    /** After Slurm's warning signal, with --checkpoint-at deadline: when its checkpoint is due. */
    private volatile Instant signalCheckpoint;
    /** The job's EndTime when that checkpoint was set: an end moved earlier since fires it at once. */
    private volatile Optional<Instant> endAtSignal = Optional.empty();

    /**
     * @param fire called with {@link Trigger.Kind#DEADLINE}, {@link Trigger.Kind#SIGNAL_DEADLINE} or
     *             {@link Trigger.Kind#PREEMPTED}, maybe repeatedly (the first call wins)
     * @param events where each plan or move of the checkpoint deadline is recorded ({@code deadline})
     */
    JobWatch(JobInfo job, Slurm slurm, DeadlinePlan plan, Supplier<Duration> expectedCheckpoint, Duration pollEvery,
             Clock clock, EventLog events, JobLog log, Consumer<Trigger.Kind> fire) {
        this.job = job;
        this.slurm = slurm;
        this.plan = plan;
        this.expectedCheckpoint = expectedCheckpoint;
        this.pollEvery = pollEvery;
        this.clock = clock;
        this.events = events;
        this.log = log;
        this.fire = fire;
        this.lastPoll = clock.instant();
        this.timer = DaemonThreads.scheduler("crjob-job-watch");
    }

    JobWatch start() {
        timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        return this;
    }

    /** The job as last read from Slurm. */
    JobInfo job() {
        return job;
    }

    void tick() {
        try {
            if (!clock.instant().isBefore(lastPoll.plus(pollEvery))) {
                poll();
            }
            if (job.preemptTime().isPresent()) {
                fire.accept(Trigger.Kind.PREEMPTED);
            } else if (signalCheckpointDue()) {
                fire.accept(Trigger.Kind.SIGNAL_DEADLINE);
            } else if (deadline().filter(d -> !clock.instant().isBefore(d)).isPresent()) {
                fire.accept(Trigger.Kind.DEADLINE);
            }
        } catch (RuntimeException e) {
            log.event("the job watch failed: " + e); // never let the timer die silently
        }
    }

    /**
     * The checkpoint Slurm's warning signal asked for is due at {@code at}, unless the job's end moves earlier
     * meanwhile (a shortened limit): then at once.
     */
    void checkpointBy(Instant at) {
        endAtSignal = job.endTime();
        signalCheckpoint = at;
    }

    /**
     * Records crjob's checkpoint deadline as planned or moved now: {@code why} is {@code start}, {@code signal},
     * {@code limit-changed} or {@code preemption}; {@code checkpointAt} empty when the job has no time limit.
     */
    void recordDeadline(String why, Optional<Instant> checkpointAt) {
        events.append("deadline", EventLog.fields("endTime", job.endTime().map(Instant::toString).orElse(null),
                "checkpointAt", checkpointAt.map(Instant::toString).orElse(null), "why", why));
    }

    private boolean signalCheckpointDue() {
        Instant at = signalCheckpoint;
        if (at == null) {
            return false;
        }
        boolean endMovedEarlier = job.endTime().isPresent() && endAtSignal.isPresent()
                && job.endTime().get().isBefore(endAtSignal.get());
        return endMovedEarlier || !clock.instant().isBefore(at);
    }

    /** When crjob checkpoints on its own, if the job has a time limit. */
    Optional<Instant> deadline() {
        JobInfo now = job;
        if (now.timeLimit().isUnlimited()) {
            return Optional.empty();
        }
        return now.endTime().map(end -> plan.checkpointAt(end, expectedCheckpoint.get()));
    }

    private void poll() {
        lastPoll = clock.instant();
        JobInfo fresh;
        try {
            fresh = slurm.showJob(job.ref());
        } catch (RuntimeException e) {
            if (!pollFailing) {
                log.event("cannot re-read the job from Slurm (" + e.getMessage() + "); going on with EndTime "
                        + clockTime(job.endTime()) + " and trying again every " + pollEvery.toSeconds() + " s");
            }
            pollFailing = true;
            return;
        }
        pollFailing = false;
        JobInfo before = job;
        job = fresh;
        if (fresh.preemptTime().isPresent() && before.preemptTime().isEmpty()) {
            log.event("Slurm chose this job for preemption at " + clockTime(fresh.preemptTime())
                    + "; it ends at " + clockTime(fresh.endTime()) + ", after the partition's GraceTime");
            recordDeadline("preemption", Optional.of(clock.instant())); // checkpointed at once
        } else if (!fresh.endTime().equals(before.endTime())) {
            log.event("the job's end moved from " + clockTime(before.endTime()) + " to " + clockTime(fresh.endTime())
                    + " (TimeLimit " + before.timeLimit().format() + " -> " + fresh.timeLimit().format()
                    + "): crjob's own checkpoint moves with it");
            recordDeadline("limit-changed", deadline());
        }
    }

    private static String clockTime(Optional<Instant> instant) {
        return instant.map(ClockTime::of).orElse("unknown");
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
