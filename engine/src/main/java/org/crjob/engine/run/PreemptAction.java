package org.crjob.engine.run;

import java.util.Locale;
import org.crjob.failure.InvalidValueException;

/** What {@code crjob run} does when Slurm preempts the job ({@code --on-preempt}): it always checkpoints first. */
public enum PreemptAction {
    /** Requeue the job, as after the time limit: preemption is no reason to lose the run. */
    REQUEUE,
    /** Let Slurm end the job; the checkpoint is kept for a later restart. */
    STOP;

    public static PreemptAction parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("--on-preempt " + text + ": use requeue or stop");
        }
    }
}
