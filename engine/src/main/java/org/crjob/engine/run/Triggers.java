package org.crjob.engine.run;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.crjob.posix.Signal;

/**
 * What may end one run, the first of which does: Slurm's warning signal, TERM, and what the {@link JobWatch} sees
 * (crjob's deadline, preemption). With {@code --checkpoint-at deadline} the warning signal is deferred to crjob's
 * own deadline once the watch runs ({@link SignalDeadline}); any other trigger, a TERM during that wait among
 * them, still ends the run at once.
 */
final class Triggers {
    private final CompletableFuture<Trigger> first = new CompletableFuture<>();
    private final Clock clock;
    /** Null until the watch runs, and with --checkpoint-at signal: the warning signal checkpoints at once. */
    private volatile SignalDeadline deferral;
    private volatile Signal warnedWith;

    Triggers(Clock clock) {
        this.clock = clock;
    }

    /** Completes with the first trigger. */
    CompletableFuture<Trigger> first() {
        return first;
    }

    void deferWarningsTo(SignalDeadline deadline) {
        this.deferral = deadline;
    }

    /** Slurm's warning signal: checkpoint now, or at crjob's own deadline. */
    void warned(Signal signal) {
        SignalDeadline deadline = deferral;
        if (first.isDone() || warnedWith != null) {
            return; // a second signal changes nothing: the first one's checkpoint is set
        }
        warnedWith = signal;
        if (deadline == null || !deadline.defer(signal.cName(), clock.instant())) {
            fire(Trigger.Kind.PRE_TERMINATION_SIGNAL, signal);
        }
    }

    /** TERM, always at once. */
    void terminated(Signal signal) {
        fire(Trigger.Kind.TERMINATED, signal);
    }

    /** What the watch fires: its own deadline, the deferred signal's, or preemption. */
    void watched(Trigger.Kind kind) {
        fire(kind, kind == Trigger.Kind.SIGNAL_DEADLINE ? warnedWith : null);
    }

    private void fire(Trigger.Kind kind, Signal signal) { // the first trigger wins
        first.complete(new Trigger(kind, signal == null ? "" : signal.cName(), clock.instant()));
    }
}
