package org.crjob.engine.coordinator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;
import org.crjob.concurrent.DaemonThreads;
import org.crjob.engine.AppSpec;
import org.crjob.engine.CheckpointEngine;
import org.crjob.engine.CheckpointFailedException;
import org.crjob.engine.CheckpointOutcome;
import org.crjob.engine.ExitRules;
import org.crjob.engine.ExitVerdict;
import org.crjob.engine.RestartInfo;
import org.crjob.engine.RunningApp;
import org.crjob.engine.jobfiles.EventLog;
import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.engine.store.CheckpointStore;
import org.crjob.engine.store.CheckpointStoreException;
import org.crjob.engine.store.Generation;
import org.crjob.engine.store.SnapshotRequest;
import org.crjob.engine.store.StoredFile;
import org.crjob.failure.InvalidValueException;
import org.crjob.posix.Posix;
import org.crjob.posix.PosixException;
import org.crjob.posix.Signal;
import org.crjob.process.ProcessEnd;

/**
 * The job's checkpoint/restart state and the one place checkpoints are taken: on request, on the
 * interval, or before the deadline. It knows the registered application, drives the engine, commits
 * what the engine captured to the store, and records every event.
 *
 * <p>One checkpoint at a time: a second request waits for the first and then takes its own.
 */
public final class Coordinator implements AutoCloseable {
    private final CoordinatorConfig config;
    private final CheckpointEngine engine;
    private final CheckpointStore store;
    private final EventLog events;
    private final Clock clock;
    private final ReentrantLock checkpointLock = new ReentrantLock();
    private final ScheduledExecutorService scheduler = DaemonThreads.scheduler("crjob-coordinator-schedule");
    private final CompletableFuture<String> stopped = new CompletableFuture<>();

    private volatile RunningApp app;
    private volatile CheckpointOutcome lastCheckpoint;
    private volatile int checkpointsTaken;
    private volatile int restartsInPlace;
    /** The job is ending: its last checkpoint is taken or its application stopped; nothing new is started. */
    private volatile boolean ending;
    private volatile Duration interval;
    private volatile Instant nextCheckpoint;
    private ScheduledFuture<?> periodic;
    private volatile IntConsumer endedByItself = status -> { };

    public Coordinator(CoordinatorConfig config, CheckpointEngine engine, CheckpointStore store, EventLog events,
                       Clock clock) {
        this.config = config;
        this.engine = engine;
        this.store = store;
        this.events = events;
        this.clock = clock;
        setInterval(config.interval());
    }

    /**
     * The application {@code crjob launch} or {@code crjob restart} started; one at a time. Refused once the job is
     * ending ({@link JobEndingException}): the restart of an application that saved and quit as the job's last
     * checkpoint was taken would otherwise run on unwatched.
     */
    public synchronized RunningApp register(AppSpec spec, int pid) {
        RunningApp current = app;
        if (ending) {
            throw new JobEndingException("the job is ending (its last checkpoint is taken): no application is started"
                    + " under this coordinator any more");
        }
        if (current != null && current.isRunning()) {
            throw new RequestRefusedException("an application is already registered with this coordinator (pid "
                    + current.pid() + "); one coordinator runs one application");
        }
        boolean inPlace = current != null && current.verdict().filter(ExitVerdict::restart).isPresent();
        if (inPlace) {
            restartsInPlace++;
        }
        RunningApp registered = new RunningApp(spec, pid, clock.instant());
        app = registered;
        events.append("launch", Map.of("pid", pid, "command", spec.command(), "engine", engine.name(),
                "restartInPlace", inPlace));
        return registered;
    }

    /**
     * The launcher saw the application end with {@code status}: what that means for the work ({@link ExitRules}).
     * When it saved and quit, this returns once what it saved is stored (by the checkpoint it answered, or by one
     * taken now), so that the launcher can restart it from there.
     */
    public ExitVerdict exited(int pid, int status) {
        RunningApp current = app;
        if (current == null || current.pid() != pid) {
            throw new RequestRefusedException("no registered application has pid " + pid);
        }
        // recorded before the exit is known: quit() wakes on it and stops the coordinator, whose
        // coordinator-stop must come after this line, and whose shutdown may interrupt this thread
        boolean asked = ending; // asked to stop (quit, kill, the last checkpoint) before this exit came
        ExitVerdict judged = ExitRules.judge(current, status);
        events.append("exit", Map.of("pid", pid, "status", status, "savedAndQuit", judged.savedAndQuit(),
                "rule", judged.rule()));
        current.exited(status, judged);
        ExitVerdict verdict = judged.savedAndQuit() ? judged.stored(storeWhatItSaved(current), ending) : judged;
        current.verdict(verdict);
        if (!verdict.restart()) {
            if (!asked && !judged.savedAndQuit()) {
                endedByItself.accept(status); // before stopWithApplication's coordinator-stop
            }
            stopWithApplication(status);
        }
        return verdict;
    }

    /** The generation that holds what an application that saved and quit wrote: the checkpoint it answered. */
    private Optional<Integer> storeWhatItSaved(RunningApp current) {
        checkpointLock.lock(); // after the checkpoint under way, whose capture this exit has just let go on
        try {
            return Optional.of(checkpoint(current, "saved-and-quit", false).generation());
        } catch (CheckpointFailedException e) {
            return Optional.empty(); // in the event log; a restart then goes back to the newest stored generation
        } finally {
            checkpointLock.unlock();
        }
    }

    private void stopWithApplication(int status) {
        if (config.exitWithApp()) {
            // after any checkpoint under way: an application that saves and quits exits in the middle of one
            scheduler.execute(() -> {
                checkpointLock.lock();
                try {
                    stop("the application exited with status " + status);
                } finally {
                    checkpointLock.unlock();
                }
            });
        }
    }

    /**
     * Tells {@code listener} the status of an application that ended by itself: not restarted, not saved and quit,
     * and not asked to stop. The detached daemon records a job script's run-end with it; crjob run decides its own.
     */
    public void whenApplicationEndsByItself(IntConsumer listener) {
        endedByItself = listener;
    }

    /** Takes a checkpoint now and returns once it is stored (or throws saying why not). */
    public CheckpointOutcome checkpoint(String reason) {
        return checkpoint(reason, false);
    }

    /**
     * The last checkpoint before the application is stopped ({@code crjob run} at the time limit): as
     * {@link #checkpoint(String)}, but the engine may stop the application as part of it (DMTCP's {@code -kc}), so
     * that nothing it does after the checkpoint is done again by the next run. The caller still stops it, for
     * engines that do not.
     */
    public CheckpointOutcome checkpointAndStop(String reason) {
        return checkpoint(reason, true);
    }

    private CheckpointOutcome checkpoint(String reason, boolean stop) {
        if (stop) {
            markEnding();
        }
        checkpointLock.lock();
        try {
            RunningApp current = app;
            if (current == null && engine.capturesUnregistered()) {
                current = unregistered();
            }
            if (current == null) {
                throw new CheckpointFailedException("no application to checkpoint: nothing was launched under this "
                        + "coordinator yet (crjob launch -- CMD)");
            }
            return checkpoint(current, reason, stop);
        } finally {
            checkpointLock.unlock();
        }
    }

    private CheckpointOutcome checkpoint(RunningApp current, String reason, boolean stop) {
        Optional<CheckpointOutcome> saved = current.storedAfterExit();
        if (saved.isPresent()) {
            return saved.get(); // it exited, and what it left is stored: nothing newer can be captured
        }
        Instant started = clock.instant();
        events.append("checkpoint-start", Map.of("reason", reason));
        try {
            SnapshotRequest captured = stop ? engine.captureAndStop(current) : engine.capture(current);
            Generation generation = store.commit(captured.withMeta(restartInfo(current, captured, reason)));
            double seconds = Duration.between(started, clock.instant()).toMillis() / 1000.0;
            CheckpointOutcome outcome = new CheckpointOutcome(generation.number(), generation.totalBytes(), seconds,
                    generation.created(), reason);
            lastCheckpoint = outcome;
            checkpointsTaken++;
            if (!current.isRunning()) {
                current.storedAfterExit(outcome); // captured after its exit: what it saved as it quit
            }
            events.append("checkpoint", EventLog.fields("generation", outcome.generation(), "bytes", outcome.bytes(),
                    "seconds", outcome.seconds(), "reason", reason, "capture", captureCounts(generation)));
            return outcome;
        } catch (CheckpointFailedException | CheckpointStoreException e) {
            String previous = store.latest().map(g -> "generation " + g.number() + " is still the latest")
                    .orElse("there is no earlier checkpoint");
            events.append("checkpoint-failed", Map.of("reason", reason, "error", e.getMessage()));
            throw new CheckpointFailedException("checkpoint failed: " + e.getMessage() + "; " + previous, e);
        }
    }

    /** How many of the generation's files were hard-linked, reflinked and copied into it, as its manifest says. */
    private static Map<String, Long> captureCounts(Generation generation) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String way : List.of(StoredFile.LINK, StoredFile.REFLINK, StoredFile.COPY)) {
            counts.put(way, generation.files().stream().filter(f -> way.equals(f.stored())).count());
        }
        return counts;
    }

    /**
     * The programs the job script started under the engine itself (its own {@code dmtcp_launch}), which crjob
     * did not launch: they have no pid of crjob's to watch, and a restart runs the engine's restart command.
     */
    private RunningApp unregistered() {
        AppSpec spec = new AppSpec(List.of(UNREGISTERED), List.of(), Signal.USR1,
                new JobPaths(config.workDir(), config.jobId()).doneFile(),
                AppSpec.DEFAULT_CHECKPOINT_TIMEOUT);
        return new RunningApp(spec, 0, clock.instant());
    }

    /** The command a generation of programs crjob did not launch records. */
    public static final String UNREGISTERED = "(started by the job script under the engine's own launcher)";

    /** What a restart needs besides the files: the command, the signal, and where each file goes back. */
    private Map<String, String> restartInfo(RunningApp current, SnapshotRequest captured, String reason) {
        Map<String, String> meta = new LinkedHashMap<>(captured.meta());
        meta.put(RestartInfo.JOB_ID, config.jobId());
        meta.put(RestartInfo.REASON, reason);
        meta.put(RestartInfo.INTERVAL_SECONDS, Long.toString(config.interval().toSeconds()));
        meta.putAll(RestartInfo.describe(current.spec(), engine.stateFiles(current)));
        return meta;
    }

    /** {@code crjob checkpoint-done}: the application has saved its state. */
    public void confirmCheckpoint() {
        RunningApp current = app;
        if (current == null) {
            throw new RequestRefusedException("no application is registered, so no checkpoint is waiting for it");
        }
        current.confirm();
    }

    /** Periodic checkpoints every {@code every}; zero turns them off. */
    public synchronized void setInterval(Duration every) {
        if (every.isNegative()) {
            throw new InvalidValueException("the checkpoint interval cannot be negative, got " + every.toSeconds() + " s");
        }
        if (periodic != null) {
            periodic.cancel(false);
            periodic = null;
        }
        interval = every;
        nextCheckpoint = null;
        if (!every.isZero()) {
            nextCheckpoint = clock.instant().plus(every);
            periodic = scheduler.scheduleWithFixedDelay(this::periodicCheckpoint, every.toMillis(), every.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void periodicCheckpoint() {
        nextCheckpoint = clock.instant().plus(interval);
        RunningApp current = app;
        if (current == null || !current.isRunning()) {
            return;
        }
        try {
            checkpoint("interval");
        } catch (RuntimeException e) {
            // already in the event log; the next interval tries again
        }
    }

    /**
     * The exit status of an application whose work is done, waiting up to {@code patience}; empty while it runs, and
     * for one that saved and quit ({@link ExitRules}), which is not done.
     */
    public Optional<Integer> awaitApplicationFinished(Duration patience) {
        RunningApp current = app;
        return exitOf(current, patience)
                .filter(status -> current.verdict().filter(ExitVerdict::savedAndQuit).isEmpty());
    }

    private static Optional<Integer> exitOf(RunningApp current, Duration patience) {
        if (current == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(current.exit().get(patience.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException stillRunning) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException neverCompletedExceptionally) {
            return Optional.empty();
        }
    }

    public CoordinatorStatus status() {
        RunningApp current = app;
        Optional<RunningApp> registered = Optional.ofNullable(current);
        return new CoordinatorStatus(config.jobId(), engine.name(), Posix.getpid(),
                registered.map(RunningApp::pid), current != null && current.isRunning(),
                exitOf(current, Duration.ZERO),
                interval.toSeconds(), Optional.ofNullable(nextCheckpoint), Optional.ofNullable(lastCheckpoint),
                checkpointsTaken, restartsInPlace, config.ckptDir().toString());
    }

    /** Stops the application (TERM, then KILL after the grace time) and then the coordinator. */
    public void quit() {
        stopApplicationAndCoordinator("asked to quit");
    }

    /** Stops the application and then the coordinator, for {@code why} (one line in the event log). */
    public void stopApplicationAndCoordinator(String why) {
        stopApplication();
        stop(why);
    }

    /** Stops the application (TERM, then KILL after the grace time); the coordinator stays up. */
    public void stopApplication() {
        stopApplication(Signal.TERM, config.stopGrace());
    }

    /** From now on no application is started (restarted) under this coordinator. */
    private synchronized void markEnding() {
        ending = true;
    }

    /** The registered application, if one was launched. */
    public Optional<RunningApp> application() {
        return Optional.ofNullable(app);
    }

    /** Kills the application at once and stops the coordinator. */
    public void kill() {
        stopApplication(Signal.KILL, Duration.ofSeconds(5));
        stop("asked to kill");
    }

    private void stopApplication(Signal first, Duration grace) {
        markEnding();
        RunningApp current = app;
        if (current == null || !current.isRunning() || !Posix.isAlive(current.pid())) {
            return;
        }
        try {
            ProcessEnd.end(applicationGroup(current), first, grace, Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The application's process group, gone once the application's exit is known; each signal is an event. */
    private ProcessEnd.Target applicationGroup(RunningApp current) {
        return new ProcessEnd.Target() {
            @Override
            public boolean signal(Signal signal) {
                signalGroup(current, signal);
                return true; // its exit, not the group's members, says whether it is gone
            }

            @Override
            public boolean awaitGone(Duration patience) throws InterruptedException {
                try {
                    current.exit().get(patience.toMillis(), TimeUnit.MILLISECONDS);
                    return true;
                } catch (TimeoutException e) {
                    return false;
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    private void signalGroup(RunningApp current, Signal signal) {
        try {
            Posix.killProcessGroup(current.pid(), signal);
        } catch (PosixException e) {
            // the group is already gone
        }
        events.append("signal", Map.of("pid", current.pid(), "signal", signal.name()));
    }

    private void stop(String why) {
        if (stopped.complete(why)) {
            events.append("coordinator-stop", Map.of("why", why));
        }
    }

    /** Completes with the reason once the coordinator has been told to stop. */
    public CompletableFuture<String> stopped() {
        return stopped;
    }

    public CoordinatorConfig config() {
        return config;
    }

    @Override
    public void close() {
        stop("closed");
        scheduler.shutdownNow();
    }
}
