package org.crjob.engine.run;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.crjob.engine.ClockTime;
import org.crjob.engine.protocol.Durations;
import org.crjob.joblog.JobLog;

/**
 * With {@code --checkpoint-at deadline}: when Slurm's warning signal comes, the application works on until crjob's
 * own deadline, EndTime − (the longest recent checkpoint × 2 + 30 s), and never later than the signal plus the lead
 * the job asked for minus that margin (crjob's EndTime may be up to a poll old, and the signal comes from Slurm's).
 * Decided from evidence only: without a measured checkpoint (the first one's time is unknown: the lead covers it), a
 * lead read from the batch script, or an EndTime, it checkpoints at once, as {@code --checkpoint-at signal} does.
 */
final class SignalDeadline {
    private final DeadlinePlan plan;
    private final Optional<Duration> lead;
    private final Supplier<Optional<Duration>> measuredCheckpoint;
    private final JobWatch watch;
    private final JobLog log;

    /**
     * @param lead               the --signal lead of the batch script's #SBATCH lines, if it has one
     * @param measuredCheckpoint the longest recent checkpoint of this job, if one was measured
     */
    SignalDeadline(DeadlinePlan plan, Optional<Duration> lead, Supplier<Optional<Duration>> measuredCheckpoint,
                   JobWatch watch, JobLog log) {
        this.plan = plan;
        this.lead = lead;
        this.measuredCheckpoint = measuredCheckpoint;
        this.watch = watch;
        this.log = log;
    }

    /** When to checkpoint after a signal, or why at once. */
    record Decision(Optional<Instant> checkpointAt, String why) {
        static Decision atOnce(String why) {
            return new Decision(Optional.empty(), why);
        }
    }

    /**
     * Whether the signal's checkpoint waits: then the watch fires it at crjob's deadline, and one line says when.
     * Otherwise one line says why it is taken at once, and the caller takes it.
     */
    boolean defer(String signalName, Instant now) {
        Decision decision = decide(now, watch.job().endTime(), lead, measuredCheckpoint.get(), plan);
        if (decision.checkpointAt().isEmpty()) {
            log.event(signalName + " (Slurm's warning that the time limit is near): checkpointing at once, "
                    + decision.why());
            watch.recordDeadline("signal", Optional.of(now));
            return false;
        }
        Instant at = decision.checkpointAt().get();
        log.event(signalName + " (Slurm's warning that the time limit is near): checkpoint at " + ClockTime.of(at)
                + ", in " + Durations.human(Duration.between(now, at)) + "; " + decision.why());
        watch.checkpointBy(at);
        watch.recordDeadline("signal", Optional.of(at));
        return true;
    }

    static Decision decide(Instant signalAt, Optional<Instant> endTime, Optional<Duration> lead,
                           Optional<Duration> measuredCheckpoint, DeadlinePlan plan) {
        if (measuredCheckpoint.isEmpty()) {
            return Decision.atOnce("since no checkpoint of this job has been timed yet (the signal's lead covers the"
                    + " first)");
        }
        if (lead.isEmpty()) {
            return Decision.atOnce("since the batch script has no #SBATCH --signal line to read its lead from (given"
                    + " on sbatch's command line?), so the signal's own end is unknown");
        }
        if (endTime.isEmpty()) {
            return Decision.atOnce("since Slurm gives the job no EndTime");
        }
        Duration margin = plan.lead(measuredCheckpoint.get());
        Instant byEnd = endTime.get().minus(margin);
        Instant bySignal = signalAt.plus(lead.get()).minus(margin);
        Instant at = byEnd.isBefore(bySignal) ? byEnd : bySignal;
        String margins = "a checkpoint here takes up to " + Durations.human(measuredCheckpoint.get())
                + ", so crjob checkpoints " + margin.toSeconds() + " s before ";
        if (Duration.between(signalAt, at).compareTo(Duration.ofSeconds(1)) < 0) {
            return Decision.atOnce("since " + margins + "the end: no time to work on");
        }
        return new Decision(Optional.of(at), margins + (at.equals(byEnd) ? "EndTime " + ClockTime.of(endTime.get())
                : "the signal's lead of " + lead.get().toSeconds() + " s runs out") + "; the application works on until"
                + " then (--checkpoint-at signal would checkpoint now)");
    }
}
