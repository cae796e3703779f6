package org.crjob.engine.run;

import java.time.Instant;
import org.crjob.slurm.JobInfo;

/**
 * What ends a run early: Slurm's pre-termination signal, crjob's own deadline, preemption, or a TERM,
 * which Slurm's own view of the job tells apart ({@link #ofTerm}).
 */
record Trigger(Kind kind, String signalName, Instant at) {
    enum Kind {
        PRE_TERMINATION_SIGNAL, DEADLINE,
        /** Slurm's warning signal came earlier, and the application worked on until crjob's own deadline. */
        SIGNAL_DEADLINE,
        /** Slurm chose the job for preemption: it ends after the partition's GraceTime. */
        PREEMPTED,
        /** A TERM not yet told apart. */
        TERMINATED,
        /** TERM at the time limit: no signal came, and crjob's deadline did not fire in time. */
        TIME_LIMIT,
        /** TERM from scancel, an administrator, or a node going down. */
        CANCELLED
    }

    /** A TERM, told apart by what Slurm says of the job: preempted, at its time limit, or cancelled. */
    Trigger ofTerm(JobInfo job) {
        if (job.preemptTime().isPresent()) {
            return new Trigger(Kind.PREEMPTED, signalName, at);
        }
        return new Trigger(job.endingAtTimeLimit() ? Kind.TIME_LIMIT : Kind.CANCELLED, signalName, at);
    }

    /** Whether the job should go back in the queue after the checkpoint (budget and limits permitting). */
    boolean wantsRequeue(PreemptAction onPreempt) {
        return switch (kind) {
            case PRE_TERMINATION_SIGNAL, DEADLINE, SIGNAL_DEADLINE, TIME_LIMIT -> true;
            case PREEMPTED -> onPreempt == PreemptAction.REQUEUE;
            case TERMINATED, CANCELLED -> false;
        };
    }

    String describe() {
        return switch (kind) {
            case PRE_TERMINATION_SIGNAL -> signalName + " (Slurm's warning that the time limit is near)";
            case DEADLINE -> "crjob's own deadline (no signal came in time)";
            case SIGNAL_DEADLINE -> "crjob's own deadline after " + signalName + " (Slurm's warning came earlier)";
            case PREEMPTED -> "preemption (Slurm ends the job for a higher-priority one)";
            case TERMINATED -> "TERM";
            case TIME_LIMIT -> "TERM at the time limit (no warning signal came, and crjob's own deadline was too late)";
            case CANCELLED -> "TERM (scancel, or Slurm ending the job)";
        };
    }

    String reason() {
        return switch (kind) {
            case PRE_TERMINATION_SIGNAL, SIGNAL_DEADLINE -> "signal";
            case DEADLINE -> "deadline";
            case PREEMPTED -> "preempt";
            case TERMINATED, CANCELLED -> "term";
            case TIME_LIMIT -> "timelimit";
        };
    }
}
