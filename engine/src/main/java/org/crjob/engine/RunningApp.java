package org.crjob.engine;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
    /** The state files just before crjob's save signal of the checkpoint under way; null when none reached it. */
    private volatile StateStamps signalledWith;
    private volatile ExitVerdict verdict;
    /** The checkpoint that captured the state files after the application had exited. */
    private volatile CheckpointOutcome storedAfterExit;

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

    /**
     * Whether the application is exiting in answer to crjob's request to save: the checkpoint's signal reached it
     * and it has not yet said "saved" another way. Asked before {@link #exited} settles that checkpoint.
     */
    boolean answersCheckpoint() {
        return signalledWith != null && !confirmation.get().isDone();
    }

    /** The state files as they were just before the signal of the checkpoint the application answers. */
    StateStamps signalledWith() {
        return signalledWith;
    }

    /**
     * crjob is about to send the save signal; {@code before} is the state files as they are now. Called before the
     * signal, so that the application cannot exit between the signal and this record.
     */
    public void signalling(StateStamps before) {
        signalledWith = before;
    }

    /** The signal did not reach the application. */
    public void signalFailed() {
        signalledWith = null;
    }

    /** The coordinator's: the launcher reported the exit, {@code judged} by {@link ExitRules}. */
    public void exited(int status, ExitVerdict judged) {
        verdict = judged;
        exit.complete(status);
        settle(confirmation.get(), status);
    }

    /** What the exit meant for the work, once the application has exited. */
    public Optional<ExitVerdict> verdict() {
        return Optional.ofNullable(verdict);
    }

    /** The coordinator's: what the exit meant, once what the application saved is stored. */
    public void verdict(ExitVerdict decided) {
        verdict = decided;
    }

    /** The coordinator's: the checkpoint that stored the state files after the exit, if one did. */
    public Optional<CheckpointOutcome> storedAfterExit() {
        return Optional.ofNullable(storedAfterExit);
    }

    /** The coordinator's: records the checkpoint that stored the state files after the exit. */
    public void storedAfterExit(CheckpointOutcome outcome) {
        storedAfterExit = outcome;
    }

    /**
     * A fresh confirmation for the checkpoint about to be asked for; earlier confirmations do not count.
     * It fails, with a {@link CheckpointFailedException}, when the application ends other than cleanly.
     */
    public CompletableFuture<Void> beginCheckpoint() {
        CompletableFuture<Void> fresh = new CompletableFuture<>();
        signalledWith = null;
        confirmation.set(fresh);
        if (!isRunning()) {
            settle(fresh, exit.join());
        }
        return fresh;
    }

    /**
     * An application that saves and quits confirms by exiting, but only a clean exit (0, or its declared
     * {@code --checkpoint-exit-code}) says "saved": one
     * killed (KILL, the OOM killer, a crash) or failing may have died halfway through writing its state.
     */
    private void settle(CompletableFuture<Void> pending, int status) {
        if (status == 0 || spec.checkpointExitCode().filter(code -> code == status).isPresent()) {
            pending.complete(null);
            return;
        }
        String how = status > 128 && status - 128 <= Signal.values().length
                ? " (killed by " + Signal.of(status - 128).cName() + ")" : "";
        pending.completeExceptionally(new CheckpointFailedException("the application (pid " + pid + ") ended with"
                + " status " + status + how + " without saying its state was saved; its state files may be"
                + " half-written, so they were not stored"));
    }

    /** The coordinator's: the application said its checkpoint is written ({@code crjob checkpoint-done}). */
    public void confirm() {
        confirmation.get().complete(null);
    }
}
