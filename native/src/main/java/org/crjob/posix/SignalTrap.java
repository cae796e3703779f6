package org.crjob.posix;

import java.util.function.Consumer;
import org.crjob.failure.InvalidValueException;

/**
 * Runs a handler when this JVM receives a signal, instead of the default action: how {@code crjob run}
 * catches Slurm's pre-termination signal (USR1 by default) when it is the batch shell ({@code exec crjob
 * run}), the way a bash script would with {@code trap}.
 *
 * <p>The handler runs on a thread of the JVM's own; it must hand the work over and return quickly.
 * Some signals belong to the JVM (QUIT for thread dumps, and others on some platforms): those are
 * refused with a message saying so.
 */
public final class SignalTrap {
    private SignalTrap() {
    }

    /** Catches {@code signal} from now on; each delivery calls {@code handler} with it. */
    @SuppressWarnings("removal")
    public static void on(Signal signal, Consumer<Signal> handler) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(signal.name()), s -> handler.accept(signal));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("crjob cannot catch " + signal.cName() + " (" + e.getMessage()
                    + "): the Java runtime uses it; choose another signal, e.g. USR1, and ask Slurm for it with"
                    + " --signal=B:USR1@SECONDS", e);
        }
    }

    /** Back to the signal's default action. */
    @SuppressWarnings("removal")
    public static void reset(Signal signal) {
        sun.misc.Signal.handle(new sun.misc.Signal(signal.name()), sun.misc.SignalHandler.SIG_DFL);
    }
}
