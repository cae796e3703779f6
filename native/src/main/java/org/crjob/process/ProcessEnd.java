package org.crjob.process;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.crjob.concurrent.Poll;
import org.crjob.posix.Posix;
import org.crjob.posix.PosixException;
import org.crjob.posix.Signal;

/**
 * The one way crjob ends a process: a first signal (TERM, so it can save and clean up), a grace time to end by
 * itself, then KILL, and a moment for the KILL to land. For one pid, a process group (the application and
 * everything it started), a {@link Process} of ours, a process tree, or any {@link Target} a caller describes.
 */
public final class ProcessEnd {

    /** How a {@link #end} went. */
    public enum Outcome {
        /** Nobody was there to receive the first signal. */
        ALREADY_GONE,
        /** It ended within the grace time (or between the grace time and the KILL). */
        ENDED,
        /** The grace time passed and it was sent KILL. */
        KILLED
    }

    /** What is ended: how to signal it and how to wait until it is gone. */
    public interface Target {

        /** Sends {@code signal}; false when nobody is left to receive it. */
        boolean signal(Signal signal);

        /** Waits up to {@code patience} until it is gone, and says whether it is. */
        boolean awaitGone(Duration patience) throws InterruptedException;

        /** A target signalled by {@code signal} and found gone when {@code alive} says no, asked by {@code poll}. */
        static Target of(Predicate<Signal> signal, BooleanSupplier alive, Poll poll) {
            return new Target() {
                @Override
                public boolean signal(Signal s) {
                    return signal.test(s);
                }

                @Override
                public boolean awaitGone(Duration patience) throws InterruptedException {
                    return poll.until(() -> !alive.getAsBoolean(), patience);
                }
            };
        }
    }

    private ProcessEnd() {
    }

    /**
     * Sends {@code first}, waits up to {@code grace} for the target to be gone, then sends KILL and waits up to
     * {@code killLands} for it to land (a KILLed process is reaped only once it has; zero: no wait).
     *
     * @throws InterruptedException when interrupted while waiting; no KILL is sent then, the caller decides
     */
    public static Outcome end(Target target, Signal first, Duration grace, Duration killLands)
            throws InterruptedException {
        if (!target.signal(first)) {
            return Outcome.ALREADY_GONE;
        }
        if (target.awaitGone(grace) || !target.signal(Signal.KILL)) {
            return Outcome.ENDED;
        }
        if (!killLands.isZero()) {
            target.awaitGone(killLands);
        }
        return Outcome.KILLED;
    }

    /** One process, by pid; {@code poll} asks whether it is still alive (a zombie is not). */
    public static Target pid(int pid, Poll poll) {
        return Target.of(signal -> send(() -> Posix.kill(pid, signal)), () -> Posix.isAlive(pid), poll);
    }

    /** Every process in group {@code pgid}, gone when nobody is left in it. */
    public static Target group(int pgid, Poll poll) {
        return group(pgid, () -> Posix.isGroupAlive(pgid), poll);
    }

    /** Every process in group {@code pgid}, gone when {@code alive} says no (e.g. after reaping members). */
    public static Target group(int pgid, BooleanSupplier alive, Poll poll) {
        return Target.of(signal -> send(() -> Posix.killProcessGroup(pgid, signal)), alive, poll);
    }

    /** A process this JVM started: TERM and KILL through {@link Process}, which never signals a reused pid. */
    public static Target process(Process process) {
        return new Target() {
            @Override
            public boolean signal(Signal signal) {
                return destroy(process.toHandle(), signal);
            }

            @Override
            public boolean awaitGone(Duration patience) throws InterruptedException {
                return process.waitFor(patience.toNanos(), TimeUnit.NANOSECONDS);
            }
        };
    }

    /**
     * {@code root} and every process under it: the tree as it is when each signal goes out, and every process seen
     * in it before (one whose parent ended is re-parented out of the tree, and is still to be ended).
     */
    public static Target tree(ProcessHandle root, Poll poll) {
        Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();
        return Target.of(signal -> {
            seen.add(root);
            root.descendants().forEach(seen::add); // all of them first: a parent that ends takes its children along
            return seen.stream().filter(member -> destroy(member, signal)).count() > 0;
        }, () -> seen.stream().anyMatch(ProcessHandle::isAlive), poll);
    }

    /** TERM or KILL through {@link ProcessHandle}, which knows a pid reused since by another process; false: gone. */
    private static boolean destroy(ProcessHandle process, Signal signal) {
        if (signal != Signal.TERM && signal != Signal.KILL) {
            throw new IllegalArgumentException("a process handle is ended by TERM or KILL, not " + signal);
        }
        if (!process.isAlive()) {
            return false;
        }
        boolean asked = signal == Signal.KILL ? process.destroyForcibly() : process.destroy();
        return asked || process.isAlive();
    }

    /** False when the signal found nobody (ESRCH). */
    private static boolean send(Runnable kill) {
        try {
            kill.run();
            return true;
        } catch (PosixException e) {
            return false;
        }
    }
}
