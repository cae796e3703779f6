package org.crjob.engine.launch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.crjob.engine.AppSpec;
import org.crjob.engine.CheckpointEngine;
import org.crjob.engine.RestartInfo;
import org.crjob.engine.jobfiles.EventLog;
import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.engine.store.Generation;
import org.crjob.engine.store.Restoration;
import org.crjob.failure.InvalidValueException;
import org.crjob.joblog.JobLog;

/**
 * How the application starts under a coordinator: launched fresh, or restarted from the newest checkpoint that
 * verifies (the signal engine runs its command again on its restored state files; DMTCP runs {@code dmtcp_restart}).
 * Always from the job's working directory: a DMTCP-restored process keeps {@code dmtcp_restart}'s cwd and stdio.
 */
public final class AppStarts {
    private final CheckpointEngine engine;
    private final CoordinatorInfo coordinator;
    private final Path ckptDir;
    private final Path workDir;
    private final boolean trustUnverified;
    private final EventLog events;
    private final JobLog log;

    /**
     * @param trustUnverified restart from a generation without a sha256 for every file rather than fall back
     * @param events          where each restore is recorded ({@code restore})
     */
    public AppStarts(CheckpointEngine engine, CoordinatorInfo coordinator, Path ckptDir, Path workDir,
                     boolean trustUnverified, EventLog events, JobLog log) {
        this.events = events;
        this.engine = engine;
        this.coordinator = coordinator;
        this.ckptDir = ckptDir;
        this.workDir = workDir;
        this.trustUnverified = trustUnverified;
        this.log = log;
    }

    /** A first launch: the engine's command for {@code spec}'s (e.g. {@code dmtcp_launch ... CMD}). */
    public ApplicationRun.Start launch(AppSpec spec, Map<String, String> extraEnv) {
        requireSupported(spec);
        Map<String, String> env = new HashMap<>(extraEnv);
        env.putAll(engine.environment());
        return new ApplicationRun.Start(spec, engine.launchCommand(spec.command()),
                AppEnvironment.of(coordinator, spec, env), workDir, Optional.empty());
    }

    /**
     * Restores the newest generation that verifies (its state files to {@code spec}'s paths) and says how to start
     * {@code spec}'s own command on it.
     *
     * @param restarts how many times the work has restarted so far, this one included
     */
    public ApplicationRun.Start restart(AppSpec spec, int restarts) {
        requireSupported(spec);
        return start(spec, prepare(spec.command(), spec.stateFiles(), restarts));
    }

    /**
     * The run of {@code spec}'s application announced to its coordinator through {@code registry}, started again
     * in place (from the newest generation) each time it saves and quits.
     *
     * @param restarts how many times the work has restarted so far, a restart in place included
     */
    public ApplicationRun watched(AppRegistry registry, AppSpec spec, int restarts) {
        return new ApplicationRun(new AppLauncher(registry), () -> restart(spec, restarts), log);
    }

    /**
     * What {@code crjob restart} was given: its CMD and --state paths, either of which may be empty (the newest
     * generation's then), and how the application's spec is made from the command and state files it runs with.
     */
    public record RestartRequest(List<String> command, List<Path> stateFiles,
                                 BiFunction<List<String>, List<Path>, AppSpec> spec) {
    }

    /**
     * As {@link #restart(AppSpec, int)}, the command and the state files the generation recorded standing in for
     * those the request leaves out (the state files only for an application that reads its own, not DMTCP's).
     *
     * @return the start, whose spec is the one the application runs with, and the generation restored
     */
    public Restored restartAsRecorded(RestartRequest request, int restarts) {
        RestartPlan plan = prepare(request.command(), request.stateFiles(), restarts);
        List<Path> stateFiles = new ArrayList<>(request.stateFiles());
        if (stateFiles.isEmpty() && engine.restartCommand(plan.generation()).isEmpty()) {
            stateFiles.addAll(RestartInfo.of(plan.generation()).targets().values());
        }
        AppSpec spec = request.spec().apply(plan.command(), stateFiles);
        requireSupported(spec);
        return new Restored(start(spec, plan), plan.generation());
    }

    /** A restart's start and the generation it restored. */
    public record Restored(ApplicationRun.Start start, Generation generation) {
    }

    private RestartPlan prepare(List<String> command, List<Path> stateFiles, int restarts) {
        RestartPlan plan = RestartPlan.prepare(new RestartPlan.Request(ckptDir, command, stateFiles, workDir,
                trustUnverified), restarts, log);
        requireSameEngine(plan);
        Restoration restored = plan.restoration();
        events.append("restore", EventLog.fields("generation", restored.generation().number(),
                "verified", restored.verified(), "fellBackFrom", restored.fellBackFrom(),
                "seconds", restored.took().toMillis() / 1000.0));
        return plan;
    }

    private ApplicationRun.Start start(AppSpec spec, RestartPlan plan) {
        Map<String, String> env = new HashMap<>(plan.env());
        env.putAll(engine.environment());
        Map<String, String> appEnv = AppEnvironment.of(coordinator, spec, env);
        List<String> argv = engine.restartCommand(plan.generation()).orElse(spec.command());
        engine.beforeRestart(workDir, AppEnvironment.inherited(appEnv));
        return new ApplicationRun.Start(spec, argv, appEnv, workDir, Optional.of(plan.generation().number()));
    }

    private void requireSupported(AppSpec spec) {
        if (spec.checkpointExitCode().isPresent() && !engine.applicationSavesItself()) {
            throw new InvalidValueException("--checkpoint-exit-code is for an application that saves its own state"
                    + " (the signal engine); the " + engine.name() + " engine captures it from outside and never asks"
                    + " it to quit: leave the option out");
        }
        if (spec.stopFile().isPresent() && !engine.applicationSavesItself()) {
            throw new InvalidValueException("--stop-file is for an application that saves its own state (the signal"
                    + " engine); the " + engine.name() + " engine captures it from outside: leave the option out");
        }
    }

    private void requireSameEngine(RestartPlan plan) {
        if (!plan.generation().engine().equals(engine.name())) {
            throw new InvalidValueException("checkpoint generation " + plan.generation().number() + " in " + ckptDir
                    + " was written by the " + plan.generation().engine() + " engine, but this job's coordinator runs"
                    + " the " + engine.name() + " engine: use --engine " + plan.generation().engine());
        }
    }
}
