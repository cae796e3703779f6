package org.crjob.engine.coordinator;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.crjob.posix.Signal;

/**
 * The application the coordinator checkpoints, as {@code crjob launch} or {@code crjob restart} registered
 * it: its pid (also its process group, since it runs in a session of its own), what to send it, which
 * files hold its state, and how it says a checkpoint is written.
 */
public final class RunningApp {
    private final AppSpec spec;
    private final int pid;
    private final Instant started;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final AtomicReference<CompletableFuture<Void>> confirmation =
            new AtomicReference<>(CompletableFuture.completedFuture(null));

    public RunningApp(AppSpec spec, int pid, Instant started) {
        this.spec = spec;
        this.pid = pid;
        this.started = started;
    }

    public AppSpec spec() {
        return spec;
    }

    public int pid() {
        return pid;
    }

    public Instant started() {
        return started;
    }

    public List<Path> stateFiles() {
        return spec.stateFiles();
    }

    public Signal signal() {
        return spec.signal();
    }

    public boolean isRunning() {
        return !exit.isDone();
    }

    /** Completes with the exit status once the launcher reports that the application ended. */
    public CompletableFuture<Integer> exit() {
        return exit;
    }

    void exited(int status) {
        exit.complete(status);
        confirm(); // an application that saves and quits confirms by exiting
    }

    /** A fresh confirmation for the checkpoint about to be asked for; earlier confirmations do not count. */
    public CompletableFuture<Void> beginCheckpoint() {
        CompletableFuture<Void> fresh = new CompletableFuture<>();
        confirmation.set(fresh);
        if (!isRunning()) {
            fresh.complete(null);
        }
        return fresh;
    }

    /** The application said its checkpoint is written ({@code crjob checkpoint-done}). */
    void confirm() {
        confirmation.get().complete(null);
    }
}
