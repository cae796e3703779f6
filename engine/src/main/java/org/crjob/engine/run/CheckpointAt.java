package org.crjob.engine.run;

import java.util.Locale;
import org.crjob.failure.InvalidValueException;

/** When {@code crjob run} checkpoints after Slurm's warning signal ({@code --checkpoint-at}). */
public enum CheckpointAt {
    /**
     * At crjob's own deadline: the application works on through the signal's lead until EndTime − (the longest
     * recent checkpoint × 2 + 30 s), so a requeue cycle loses that margin, not the whole lead.
     */
    DEADLINE,
    /** As soon as the signal comes: the whole lead is given up, as before crjob knew its checkpoint times. */
    SIGNAL;

    public static CheckpointAt parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("--checkpoint-at " + text + ": use deadline (work on until crjob's own"
                    + " deadline) or signal (checkpoint as soon as Slurm's warning signal comes)");
        }
    }

    /** As the option takes it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
