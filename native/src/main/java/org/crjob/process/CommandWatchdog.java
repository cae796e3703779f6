package org.crjob.process;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.commons.exec.ProcessDestroyer;
import org.crjob.concurrent.DaemonThreads;
import org.crjob.concurrent.Poll;
import org.crjob.posix.Signal;

/**
 * Ends a command that runs past its timeout, with everything it started: TERM to its process group, KILL after a
 * short grace. Commons Exec's own {@code ExecuteWatchdog} signals only the direct child, so a grandchild (a shell's
 * {@code sleep}, a wrapper's real program) lived on, holding the output pipes. Commons Exec hands each process it
 * starts to the {@link ProcessDestroyer} and takes it back once it has ended, which is the watch this needs.
 */
final class CommandWatchdog implements ProcessDestroyer {

    /** How long the command's group has, after the TERM, to end before it is KILLed: scontrol or a shell need no more. */
    private static final Duration KILL_AFTER = Duration.ofSeconds(2);
    private static final Poll GONE_POLL = Poll.every(Duration.ofMillis(50));

    private final Duration timeout;
    private final boolean ownGroup;
    private Thread watch;
    private boolean fired;

    /**
     * @param ownGroup whether the command leads a process group of its own (pgid = its pid), so the whole group is
     *                 ended; otherwise only the process itself
     */
    CommandWatchdog(Duration timeout, boolean ownGroup) {
        this.timeout = timeout;
        this.ownGroup = ownGroup;
    }

    @Override
    public synchronized boolean add(Process process) {
        watch = DaemonThreads.newThread("crjob-command-watchdog-" + process.pid(), () -> watch(process));
        watch.start();
        return true;
    }

    /** The command has ended and Commons Exec is done with it: stop watching, unless its end is under way. */
    @Override
    public synchronized boolean remove(Process process) {
        if (watch != null && !fired) {
            watch.interrupt();
        }
        return true;
    }

    @Override
    public synchronized int size() {
        return watch != null && watch.isAlive() ? 1 : 0;
    }

    /** Whether the timeout came before the command ended. */
    synchronized boolean fired() {
        return fired;
    }

    private void watch(Process process) {
        try {
            if (process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS) || !fire()) {
                return;
            }
            ProcessEnd.end(target(process), Signal.TERM, KILL_AFTER, Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the command ended: nothing to do
        }
    }

    /** False when the command was taken back meanwhile (it ended just at its timeout). */
    private synchronized boolean fire() {
        if (Thread.currentThread().isInterrupted()) {
            return false;
        }
        fired = true;
        return true;
    }

    private ProcessEnd.Target target(Process process) {
        return ownGroup ? ProcessEnd.group((int) process.pid(), GONE_POLL) : ProcessEnd.process(process);
    }
}
