package org.crjob.engine.signal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.crjob.concurrent.Deadline;
import org.crjob.engine.CheckpointEngine;
import org.crjob.engine.CheckpointFailedException;
import org.crjob.engine.EngineKind;
import org.crjob.engine.RunningApp;
import org.crjob.engine.StatePath;
import org.crjob.engine.StateStamps;
import org.crjob.engine.store.Capture;
import org.crjob.engine.store.CaptureMode;
import org.crjob.engine.store.SnapshotRequest;
import org.crjob.posix.Posix;
import org.crjob.posix.PosixException;

/**
 * The application checkpoints itself when asked (the CÉCI slides' pattern): crjob sends it a signal,
 * waits until it says its state is saved, then stores the state files it declared.
 *
 * <p>With a stop file ({@code --stop-file}), crjob creates that file instead of sending the signal (or besides it),
 * and removes it once the application has answered, before anything can start it again.
 *
 * <p>"Saved" is any of: the application runs {@code crjob checkpoint-done}; it creates its done file
 * ({@code $CRJOB_DONE_FILE}); it exits with status 0 or its {@code --checkpoint-exit-code} (codes that save and
 * quit: the coordinator then starts it again from this checkpoint, see {@code ExitRules}). Any other exit fails the
 * checkpoint: an application killed meanwhile may have left its state half-written. A {@code --state} path may be a
 * file, a directory or a glob pattern ({@link StatePath}). A state file is hard-linked only when the application
 * replaced it by rename since the last capture, and otherwise reflinked or copied
 * ({@link CaptureMode#LINK_IF_RENAMED}): one it rewrites in place would change a linked generation after the fact.
 */
public final class SignalEngine implements CheckpointEngine {

    private static final long POLL_MILLIS = 100;

    @Override
    public String name() {
        return EngineKind.SIGNAL.id();
    }

    @Override
    public SnapshotRequest capture(RunningApp app) {
        long started = System.nanoTime();
        CompletableFuture<Void> confirmed = app.beginCheckpoint();
        Path doneFile = app.spec().doneFile();
        deleteQuietly(doneFile);
        Optional<CreatedStopFile> stopFile = app.isRunning() ? ask(app) : Optional.empty();
        try {
            awaitSaved(app, confirmed, doneFile); // at once when the application has already exited
        } finally {
            stopFile.ifPresent(CreatedStopFile::remove); // answered or not: never left to stop a later start
        }
        List<Capture> files = new ArrayList<>();
        for (StateFile state : stateFiles(app)) {
            files.addAll(captures(state));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        return new SnapshotRequest(EngineKind.SIGNAL.id(), CaptureMode.LINK_IF_RENAMED, files, took, Map.of());
    }

    /**
     * A state file under its stored name, or each file of a directory or pattern as {@code NAME/RELATIVE/PATH}.
     *
     * @throws CheckpointFailedException when it stands for no file now: a checkpoint never stores less than declared
     */
    static List<Capture> captures(StateFile state) {
        StatePath path = new StatePath(state.path());
        Map<String, Path> found = path.files();
        if (found.isEmpty()) {
            throw new CheckpointFailedException("the application reported its checkpoint done, but " + (path.pattern()
                    ? "the --state pattern " + state.path() + " matches no file" : path.tree()
                            ? "the --state directory " + state.path() + " holds no file"
                            : "its state file " + state.path() + " does not exist")
                    + ": check the --state paths given to crjob (relative ones are in the job's working directory),"
                    + " and that the application saves there; the previous checkpoint is still the one to restart"
                    + " from");
        }
        if (!path.tree()) {
            return List.of(new Capture(state.path(), state.name()));
        }
        return found.entrySet().stream().map(f -> new Capture(f.getValue(), state.name() + "/" + f.getKey())).toList();
    }

    @Override
    public List<StateFile> stateFiles(RunningApp app) {
        List<StateFile> files = new ArrayList<>();
        List<Path> paths = app.stateFiles();
        for (int i = 0; i < paths.size(); i++) {
            files.add(new StateFile(storedName(i, paths.get(i)), paths.get(i)));
        }
        return files;
    }

    /** Unique inside a generation even when two state files share a file name in different directories. */
    public static String storedName(int index, Path path) {
        return "state" + (index + 1) + "-" + path.getFileName().toString().replaceFirst("^\\.+", "");
    }

    /** @return the stop file crjob created to ask, if it asks with one */
    private static Optional<CreatedStopFile> ask(RunningApp app) {
        app.signalling(StateStamps.of(app.stateFiles())); // before: it may save and exit the moment the request lands
        Optional<CreatedStopFile> created;
        try {
            created = app.spec().stopFile().map(CreatedStopFile::create);
        } catch (CheckpointFailedException e) {
            app.signalFailed();
            throw e;
        }
        if (app.spec().sendsSignal()) {
            signal(app, created.isPresent());
        }
        return created;
    }

    /** @param askedByFile whether the stop file asks as well: then a signal that cannot be sent fails nothing */
    private static void signal(RunningApp app, boolean askedByFile) {
        try {
            if (app.spec().signalGroup()) {
                Posix.killProcessGroup(app.pid(), app.signal()); // the application leads its own group (setsid)
            } else {
                Posix.kill(app.pid(), app.signal());
            }
        } catch (PosixException e) {
            if (askedByFile) {
                return; // the request reached it through the file; its answer, or its exit, settles the checkpoint
            }
            app.signalFailed();
            throw new CheckpointFailedException("cannot send " + app.signal().cName() + " to the application (pid "
                    + app.pid() + "): " + e.getMessage(), e);
        }
    }

    private static void awaitSaved(RunningApp app, CompletableFuture<Void> confirmed, Path doneFile) {
        Duration timeout = app.spec().checkpointTimeout();
        Deadline deadline = Deadline.in(timeout);
        while (!confirmed.isDone() && !Files.exists(doneFile)) {
            if (deadline.passed()) {
                throw new CheckpointFailedException("the application (pid " + app.pid() + ") did not say its state was"
                        + " saved within " + timeout.toSeconds() + " s of " + app.spec().saveRequest() + ": it must"
                        + " answer it, save, then run 'crjob checkpoint-done', create $CRJOB_DONE_FILE (" + doneFile
                        + "), or exit");
            }
            try {
                confirmed.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // not yet: look at the done file again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CheckpointFailedException("interrupted while waiting for the application's checkpoint", e);
            } catch (ExecutionException e) {
                // the application ended without a clean exit: see below
            }
        }
        if (confirmed.isCompletedExceptionally() && !Files.exists(doneFile)) {
            Throwable why = confirmed.handle((ignored, failure) -> failure).join();
            throw new CheckpointFailedException(why.getMessage(), why);
        }
        deleteQuietly(doneFile);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale done file we cannot remove would confirm too early: say so
            throw new CheckpointFailedException("cannot remove the old done file " + file + ": " + e.getMessage(), e);
        }
    }
}
