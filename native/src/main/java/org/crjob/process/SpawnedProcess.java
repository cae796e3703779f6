package org.crjob.process;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.crjob.concurrent.DaemonThreads;
import org.crjob.posix.ListeningSocket;
import org.crjob.posix.Posix;
import org.crjob.posix.Signal;
import org.crjob.posix.Spawn;

/**
 * A long-lived program started with a listening socket of ours at the descriptor number it takes one from (DMTCP's
 * coordinator: fd 821), which {@link ProcessBuilder} cannot pass. Its output is appended to a log file; a thread of
 * ours waits for it, so it is reaped and its exit status kept, as for a {@link Process} the JVM started.
 */
public final class SpawnedProcess extends Process {
    /** What exitValue gives when another reaper (a subreaper's sweep of zombies) took the status first. */
    public static final int STATUS_UNKNOWN = 255;

    private final int pid;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private SpawnedProcess(int pid) {
        this.pid = pid;
        DaemonThreads.newThread("crjob-reaper-" + pid, this::reap).start();
    }

    /**
     * Starts {@code argv} with {@code socket} at descriptor {@code childFd}, stdin from /dev/null, stdout and stderr
     * appended to {@code log}. The socket stays open here too: the caller closes its copy.
     */
    public static SpawnedProcess start(List<String> argv, Map<String, String> env, Path log, ListeningSocket socket,
                                       int childFd) {
        return new SpawnedProcess(Spawn.spawn(argv, env, log, socket.fd(), childFd));
    }

    /** Reaps it under the lock that {@link #signal} holds: a signal never reaches a pid freed by the reaping. */
    private void reap() {
        try {
            Posix.awaitEnd(pid);
            synchronized (this) {
                OptionalInt status = Posix.awaitExit(pid);
                exit.complete(status.orElse(STATUS_UNKNOWN));
            }
        } catch (RuntimeException e) {
            exit.completeExceptionally(e);
        }
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public boolean isAlive() {
        return !exit.isDone();
    }

    @Override
    public int waitFor() throws InterruptedException {
        try {
            return exit.get();
        } catch (ExecutionException e) {
            throw reaperFailed(e);
        }
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            exit.get(timeout, unit);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw reaperFailed(e);
        }
    }

    private IllegalStateException reaperFailed(ExecutionException e) {
        return new IllegalStateException("the reaper of " + pid + " failed", e.getCause());
    }

    @Override
    public int exitValue() {
        if (!exit.isDone()) {
            throw new IllegalThreadStateException("process " + pid + " has not exited");
        }
        return exit.join();
    }

    @Override
    public void destroy() {
        signal(Signal.TERM);
    }

    @Override
    public Process destroyForcibly() {
        signal(Signal.KILL);
        return this;
    }

    private synchronized void signal(Signal signal) {
        if (isAlive()) { // not reaped yet, so the pid is still this child's (at worst a zombie)
            Posix.kill(pid, signal);
        }
    }

    /** It has no pipes: its output goes to the log file. */
    @Override
    public OutputStream getOutputStream() {
        return OutputStream.nullOutputStream();
    }

    @Override
    public InputStream getInputStream() {
        return InputStream.nullInputStream();
    }

    @Override
    public InputStream getErrorStream() {
        return InputStream.nullInputStream();
    }
}
