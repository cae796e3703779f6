package org.crjob.process;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.commons.exec.ProcessDestroyer;
import org.crjob.concurrent.DaemonThreads;
import org.crjob.concurrent.Poll;
import org.crjob.posix.Signal;

/**
 * Ends a command that runs past its timeout, with everything it started: TERM to it and every process under it, KILL
 * after a short grace. Commons Exec's own {@code ExecuteWatchdog} signals only the direct child, so a grandchild (a
 * shell's {@code sleep}, a wrapper's real program) lived on, holding the output pipes. Commons Exec hands each
 * process it starts to the {@link ProcessDestroyer} and takes it back once it has ended, which is the watch this
 * needs.
 *
 * <p>Why the process tree and not a process group of the command's own: the only way to start a command in a new
 * group from Java is util-linux {@code setsid}, which makes a new session too, and {@code AppLauncher}'s clean-up
 * ends every child of the JVM in another session than the JVM's (the application's orphans, adopted by the
 * subreaper): a Slurm command in flight when an application ends would be TERMed with them. The tree misses only a
 * process that left it by a double fork before the timeout, as a group would miss one that made a session of its own.
 */
final class CommandWatchdog implements ProcessDestroyer {

    /** How long the command's processes have after the TERM, before the KILL: scontrol or a shell need no more. */
    private static final Duration KILL_AFTER = Duration.ofSeconds(2);
    private static final Poll GONE_POLL = Poll.every(Duration.ofMillis(50));

    private final Duration timeout;
    private Thread watch;
    private boolean fired;

    CommandWatchdog(Duration timeout) {
        this.timeout = timeout;
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
            ProcessEnd.end(ProcessEnd.tree(process.toHandle(), GONE_POLL), Signal.TERM, KILL_AFTER, Duration.ZERO);
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
}
