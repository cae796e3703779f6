package org.crjob.engine.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.crjob.engine.CheckpointEngine;
import org.crjob.engine.CheckpointFailedException;
import org.crjob.engine.coordinator.AppSpec;
import org.crjob.engine.coordinator.CheckpointOutcome;
import org.crjob.engine.coordinator.Coordinator;
import org.crjob.engine.coordinator.CoordinatorConfig;
import org.crjob.engine.coordinator.CoordinatorHost;
import org.crjob.engine.coordinator.Engines;
import org.crjob.engine.coordinator.JobGuardian;
import org.crjob.engine.coordinator.LocalRegistry;
import org.crjob.engine.launch.AppEnvironment;
import org.crjob.engine.launch.AppLauncher;
import org.crjob.engine.launch.RestartPlan;
import org.crjob.engine.coordinator.CoordinatorHostName;
import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.engine.protocol.EventLog;
import org.crjob.engine.protocol.StateFile;
import org.crjob.engine.protocol.JobPaths;
import org.crjob.engine.signal.SignalEngine;
import org.crjob.engine.store.CheckpointStore;
import org.crjob.engine.store.Generation;
import org.crjob.posix.Posix;
import org.crjob.posix.Signal;
import org.crjob.posix.SignalTrap;
import org.crjob.slurm.JobEnv;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.SbatchDirectives;
import org.crjob.slurm.Slurm;
import org.crjob.slurm.SlurmCommandException;
import org.crjob.slurm.SlurmTime;
import org.crjob.slurm.TimeBudget;

/**
 * One run of a variable-time job ({@code crjob run}): launch, or restart from the newest checkpoint;
 * wait for the application; when Slurm's signal or crjob's own deadline comes first, checkpoint, charge
 * the run's real time to the budget in Comment, stop the application, and requeue the job when the
 * budget and the requeue limit allow.
 */
public final class RunSession {
    private final RunOptions options;
    private final JobEnv env;
    private final Slurm slurm;
    private final Path workDir;
    private final Consumer<String> log;
    private final Clock clock;
    private final CompletableFuture<Trigger> trigger = new CompletableFuture<>();
    private final JobRequeue requeue;
    /** How often the job is re-read from Slurm while it runs: an end that moves, a preemption. */
    static final Duration JOB_POLL = Duration.ofSeconds(15);
    private boolean leadWarned;

    public RunSession(RunOptions options, JobEnv env, Slurm slurm, Path workDir, Consumer<String> log, Clock clock) {
        this.options = options;
        this.env = env;
        this.slurm = slurm;
        this.workDir = workDir.toAbsolutePath().normalize();
        this.log = log;
        this.clock = clock;
        this.requeue = new JobRequeue(slurm, options.policy(), log, clock);
    }

    public RunResult run() {
        trap(); // first: bin/crjob ignores the signal only until now, and it may come while crjob starts
        String jobId = env.requireJobId();
        JobSetup.checkOnePerJob(env);
        JobInfo job = slurm.showJob(jobId);
        TimeBudget budget = JobSetup.check(job, options.policy().maxRequeues() > 0); // a job crjob cannot work with stops here, before anything runs
        Engines.requireAvailable(options.engine()); // DMTCP missing: say so before anything starts
        List<Generation> generations = CheckpointStore.read(options.ckptDir()).generations();
        if (generations.isEmpty() || options.engine().equals(SignalEngine.NAME)) {
            AppLauncher.requireExecutable(options.command().get(0), workDir);
        }
        int restarts = env.restartCount();
        warnAboutTheJobScript(jobId, restarts, generations);
        JobPaths paths = new JobPaths(workDir, jobId);
        TimeBudget afterDeadRun = chargeRunThatDied(job.ref(), paths, budget);
        if (!afterDeadRun.toComment().equals(budget.toComment())) {
            job = slurm.showJob(job.ref()); // the Comment now holds the charged budget
        }
        CoordinatorConfig config = new CoordinatorConfig(jobId, options.engine(), workDir, options.ckptDir(),
                options.keep(), options.interval(), false, Duration.ofSeconds(30), options.dmtcp());
        EventLog events = new EventLog(paths.eventsFile(), log);
        String owner = "job " + jobId + " pid " + Posix.getpid();
        try (CheckpointStore store = CheckpointStore.openWaiting(options.ckptDir(), owner, options.keep(), log,
                Duration.ofSeconds(20)); // the previous job's coordinator may still be stopping
             CheckpointEngine engine = Engines.start(config); // closed last: DMTCP's coordinator
             Coordinator coordinator = new Coordinator(config, engine, store, events, clock);
             CoordinatorHost host = CoordinatorHost.start(coordinator, events, 0, log);
             JobWatch watch = new JobWatch(job, slurm, options.deadline(),
                     () -> options.deadline().expectedCheckpoint(store.generations()), JOB_POLL, clock, log,
                     kind -> fire(kind, null)).start()) {
            CompletableFuture<Integer> app = start(coordinator, engine, store, restarts, host);
            awaitEither(app);
            if (!trigger.isDone()) {
                int status = app.join();
                Optional<String> engineFailed = engine.engineFailure(status);
                if (engineFailed.isPresent()) {
                    return engineFailed(engineFailed.get(), job, restarts, coordinator, store, status);
                }
                return applicationExited(job, status);
            }
            return end(trigger.join(), job, restarts, coordinator, store, app);
        }
    }

    /**
     * One line for each #SBATCH setting that would make this job work worse, in its first run, or once a
     * checkpoint time is measured that its --signal lead falls short of. Reading the script is best effort.
     */
    private void warnAboutTheJobScript(String jobId, int restarts, List<Generation> generations) {
        if (restarts > 0 && generations.isEmpty()) {
            return;
        }
        String script;
        try {
            script = slurm.batchScript(jobId);
        } catch (RuntimeException e) {
            return; // no batch script (salloc, srun) or an old Slurm: nothing to check
        }
        Duration expected = options.deadline().expectedCheckpoint(generations); // a guess when none is measured
        Optional<Duration> measured = generations.isEmpty() ? Optional.empty() : Optional.of(expected);
        boolean isBatchShell = JobGuardian.batchScript().map(pid -> pid == ProcessHandle.current().pid()).orElse(true);
        List<String> warnings = JobSetupWarnings.of(SbatchDirectives.of(script), options.onSignal(), measured,
                options.deadline().lead(expected), isBatchShell, script.contains("trap "));
        warnings.stream().filter(w -> restarts == 0 || JobSetupWarnings.isShortLead(w)).forEach(log);
        leadWarned = warnings.stream().anyMatch(JobSetupWarnings::isShortLead);
    }

    /**
     * A previous run of this job that died without reaching its end (a node failure, a kill -9) left its
     * state file behind and charged nothing: charge it now, from its start to its last heartbeat.
     */
    private TimeBudget chargeRunThatDied(String jobRef, JobPaths paths, TimeBudget budget) {
        if (!Files.exists(paths.stateFile())) {
            return budget;
        }
        CoordinatorInfo dead;
        try {
            dead = StateFile.read(paths.stateFile());
        } catch (RuntimeException e) {
            log.accept("ignoring an unreadable state file of an earlier run: " + e.getMessage());
            return budget;
        }
        if (Posix.isAlive(dead.pid()) && dead.host().equals(CoordinatorHostName.local())) {
            return budget; // not dead: CoordinatorHost.start will refuse to start a second coordinator
        }
        Duration between = Duration.between(dead.startedAt(), dead.heartbeat());
        Duration ran = between.isNegative() ? Duration.ZERO : between;
        TimeBudget charged = budget.charge(ran);
        log.accept("the previous run died without a checkpoint at its end (node failure?); charging it "
                + SlurmTime.of(ran).format() + ", its start to its last heartbeat" + (budget.isSet() ? "; "
                + charged + " of the budget is left" : ""));
        requeue.writeBudget(jobRef, charged);
        return charged;
    }

    /** The application's end or a trigger, whichever comes first; the launcher's own failure as it is. */
    private void awaitEither(CompletableFuture<Integer> app) {
        try {
            CompletableFuture.anyOf(app, trigger).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause; // e.g. the command cannot be started: a message for the user
            }
            throw e;
        }
    }

    private void trap() {
        SignalTrap.on(options.onSignal(), s -> fire(Trigger.Kind.PRE_TERMINATION_SIGNAL, s));
        if (options.onSignal() != Signal.TERM) {
            SignalTrap.on(Signal.TERM, s -> fire(Trigger.Kind.TERMINATED, s));
        }
    }

    private void fire(Trigger.Kind kind, Signal signal) { // the first trigger wins
        trigger.complete(new Trigger(kind, signal == null ? "" : signal.cName(), clock.instant()));
    }

    /**
     * Launches the application, or restarts it from the newest generation: the signal engine runs the command
     * again on its restored state files, DMTCP runs {@code dmtcp_launch CMD} or {@code dmtcp_restart IMAGES}.
     */
    private CompletableFuture<Integer> start(Coordinator coordinator, CheckpointEngine engine, CheckpointStore store,
                                             int restarts, CoordinatorHost host) {
        AppLauncher launcher = new AppLauncher(new LocalRegistry(coordinator));
        List<String> command = options.command();
        List<String> argv;
        Map<String, String> extra = new HashMap<>();
        if (store.latest().isPresent()) {
            RestartPlan plan = RestartPlan.prepare(new RestartPlan.Request(options.ckptDir(), options.command(),
                    options.stateFiles(), workDir, options.trustUnverified()), Math.max(1, restarts), log);
            if (!plan.generation().engine().equals(engine.name())) {
                throw new IllegalArgumentException("checkpoint generation " + plan.generation().number() + " in "
                        + options.ckptDir() + " was written by the " + plan.generation().engine() + " engine, but"
                        + " this run uses the " + engine.name() + " engine: run with --engine "
                        + plan.generation().engine());
            }
            extra.putAll(plan.env());
            argv = engine.restartCommand(plan.generation()).orElse(command);
            log.accept("restarting from checkpoint generation " + plan.generation().number() + " (run "
                    + (restarts + 1) + ")" + (argv == command ? "" : " with " + engine.name()));
        } else {
            argv = engine.launchCommand(command);
            JobCheckpointDir.otherJobsBeside(options.ckptDir()).forEach(log);
            log.accept("launching " + String.join(" ", command) + " (run " + (restarts + 1) + ", no checkpoint yet)"
                    + (argv == command ? "" : " under " + engine.name()));
        }
        extra.putAll(engine.environment());
        Path doneFile = host.paths().stateDir().resolve("checkpoint.done");
        AppSpec spec = new AppSpec(command, options.stateFiles(), options.appSignal(), doneFile,
                options.checkpointTimeout(), options.signalGroup());
        Map<String, String> appEnv = AppEnvironment.of(host.info(), spec, extra);
        if (store.latest().isPresent()) {
            engine.beforeRestart(workDir, AppEnvironment.inherited(appEnv));
        }
        // from the job's working directory: a DMTCP-restored process keeps dmtcp_restart's cwd and stdio
        CompletableFuture<Integer> app = Background.run("crjob-application",
                () -> launcher.run(spec, argv, appEnv, workDir));
        return app;
    }

    private RunResult applicationExited(JobInfo job, int status) {
        TimeBudget left = requeue.chargeOnly(job);
        String why = "the application exited with status " + status + " after "
                + SlurmTime.of(requeue.ran(job)).format() + "; not requeued"
                + (left.isSet() ? " (" + left + " of the budget left)" : "");
        log.accept(why);
        return new RunResult(RunResult.Ending.APPLICATION_EXITED, status, why);
    }

    /**
     * The engine failed under the application (DMTCP's coordinator killed: every process of the computation exits
     * with DMTCP_FAIL_RC). The work is not finished, so this is not the application's end: when this run stored a
     * checkpoint of its own, the job is requeued to restart from the newest generation that verifies. A run that
     * stored none is not requeued, so a DMTCP that fails at every restart does not requeue the job over and over.
     */
    private RunResult engineFailed(String why, JobInfo job, int restarts, Coordinator coordinator,
                                   CheckpointStore store, int status) {
        log.accept(why);
        boolean progressed = coordinator.status().checkpointsTaken() > 0;
        if (!progressed) {
            TimeBudget left = requeue.chargeOnly(job);
            String end = "this run stored no checkpoint before the engine failed: not requeued"
                    + (left.isSet() ? " (" + left + " of the budget left)" : "");
            log.accept(end);
            return new RunResult(RunResult.Ending.NOT_REQUEUED, status, end);
        }
        store.finishHashing(); // before the requeue, which may end this process: a hash not recorded now never is
        RequeueDecision decision = requeue.charge(job, restarts, store.newestVerified(log).isPresent());
        return new RunResult(decision.requeue() ? RunResult.Ending.REQUEUED : RunResult.Ending.NOT_REQUEUED, status,
                decision.why());
    }

    private RunResult end(Trigger fired, JobInfo job, int restarts, Coordinator coordinator, CheckpointStore store,
                          CompletableFuture<Integer> app) {
        Trigger cause = fired.kind() == Trigger.Kind.TERMINATED ? whyTerm(fired, job) : fired;
        Duration left = job.endTime().map(e -> Duration.between(cause.at(), e)).orElse(Duration.ZERO);
        log.accept(cause.describe() + " with " + SlurmTime.of(left.isNegative() ? Duration.ZERO : left).format()
                + " left: checkpointing");
        warnIfLeadTooShort(cause, left, store);
        // The signal may come as the application finishes (found by bench/scale: such a job FAILED, "no checkpoint
        // to restart from", although its work was done). Finished before the checkpoint began, or gone before its
        // signal reached it: its work is done, and a checkpoint would only make the job run it again.
        if (finishedOnItsOwn(coordinator, Duration.ZERO)) {
            return finishedAsTheCheckpointBegan(job, app);
        }
        boolean checkpointed = checkpoint(coordinator, cause);
        // a checkpoint that failed on an application already reaped (ESRCH): its exit is reported a moment later
        if (!checkpointed && finishedOnItsOwn(coordinator, Duration.ofSeconds(1))) {
            return finishedAsTheCheckpointBegan(job, app);
        }
        store.finishHashing(); // before the requeue, which may end this process: a hash not recorded now never is
        boolean restartable = checkpointed || store.newestVerified(log).isPresent();
        coordinator.stopApplication();
        int status = app.join();
        if (!cause.wantsRequeue(options.onPreempt())) {
            String why = (cause.kind() == Trigger.Kind.PREEMPTED ? "preempted: not requeued (--on-preempt stop)"
                    : "ended by TERM (scancel, or Slurm ending the job): not requeued")
                    + (restartable ? "; the checkpoint is kept for a later restart" : "");
            log.accept(why);
            chargeIfSlurmStillLets(job);
            return new RunResult(RunResult.Ending.CANCELLED, status, why);
        }
        RequeueDecision decision;
        try {
            decision = requeue.charge(job, restarts, restartable);
        } catch (SlurmCommandException e) {
            String why = "the requeue failed, so the job ends here: " + e.getMessage() + ". The checkpoint is kept:"
                    + " requeue the job (scontrol requeue " + job.ref() + ") or submit it again, and it restarts"
                    + " from there";
            log.accept(why);
            return new RunResult(RunResult.Ending.REQUEUE_FAILED, status, why);
        }
        return new RunResult(decision.requeue() ? RunResult.Ending.REQUEUED : RunResult.Ending.NOT_REQUEUED, status,
                decision.why());
    }

    private static boolean finishedOnItsOwn(Coordinator coordinator, Duration patience) {
        return coordinator.awaitApplicationExit(patience).filter(status -> status == 0).isPresent();
    }

    private RunResult finishedAsTheCheckpointBegan(JobInfo job, CompletableFuture<Integer> app) {
        log.accept("the application had finished (status 0) as the checkpoint began: none is needed");
        return applicationExited(job, app.join());
    }

    /** A cancelled job may already be over for Slurm, which then refuses any update: say so, and end. */
    private void chargeIfSlurmStillLets(JobInfo job) {
        try {
            requeue.chargeOnly(job);
        } catch (SlurmCommandException e) {
            log.accept("this run is not charged to the budget in Comment: " + e.getMessage());
        }
    }

    /** A TERM: Slurm's own view of the job says whether it is preemption, the time limit, or a cancel. */
    private Trigger whyTerm(Trigger term, JobInfo job) {
        try {
            return term.ofTerm(slurm.showJob(job.ref()));
        } catch (RuntimeException e) {
            log.accept("TERM came, and Slurm cannot say why (" + e.getMessage() + "): taking it for a cancel");
            return term.ofTerm(job);
        }
    }

    private boolean checkpoint(Coordinator coordinator, Trigger cause) {
        try {
            CheckpointOutcome outcome = coordinator.checkpointAndStop(cause.reason());
            log.accept("checkpoint " + outcome.generation() + " done: " + outcome.bytes() + " bytes in "
                    + String.format(java.util.Locale.ROOT, "%.1f", outcome.seconds()) + " s");
            return true;
        } catch (CheckpointFailedException e) {
            log.accept(e.getMessage());
            return false;
        }
    }

    /** Slurm's signal came later than a checkpoint takes: say so once, with the numbers. */
    private void warnIfLeadTooShort(Trigger cause, Duration left, CheckpointStore store) {
        if (leadWarned || cause.kind() != Trigger.Kind.PRE_TERMINATION_SIGNAL || store.generations().isEmpty()) {
            return;
        }
        Duration needed = options.deadline().lead(options.deadline().expectedCheckpoint(store.generations()));
        if (left.compareTo(needed) < 0) {
            log.accept("warning: the signal came " + left.toSeconds() + " s before the time limit, but a checkpoint"
                    + " here needs about " + needed.toSeconds() + " s (measured, with a safety margin): ask for more"
                    + " with #SBATCH --signal=B:" + options.onSignal().name() + "@" + needed.toSeconds());
        }
    }
}
