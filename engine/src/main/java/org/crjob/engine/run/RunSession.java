package org.crjob.engine.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.crjob.engine.AppSpec;
import org.crjob.engine.CheckpointEngine;
import org.crjob.engine.EngineKind;
import org.crjob.engine.coordinator.CoordinatorConfig;
import org.crjob.engine.coordinator.CoordinatorHost;
import org.crjob.engine.coordinator.CoordinatorHostName;
import org.crjob.engine.coordinator.CoordinatorStack;
import org.crjob.engine.coordinator.Engines;
import org.crjob.engine.coordinator.JobGuardian;
import org.crjob.engine.jobfiles.EventLog;
import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.engine.jobfiles.RunEvents;
import org.crjob.engine.jobfiles.StateFile;
import org.crjob.engine.launch.AppLauncher;
import org.crjob.engine.launch.AppStarts;
import org.crjob.engine.launch.ApplicationRun;
import org.crjob.engine.launch.LocalRegistry;
import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.engine.store.CheckpointStore;
import org.crjob.engine.store.Generation;
import org.crjob.failure.InvalidValueException;
import org.crjob.joblog.JobLog;
import org.crjob.posix.Posix;
import org.crjob.posix.Signal;
import org.crjob.posix.SignalTrap;
import org.crjob.slurm.JobEnv;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.SbatchDirectives;
import org.crjob.slurm.Slurm;
import org.crjob.slurm.SlurmTime;
import org.crjob.slurm.TimeBudget;
import org.crjob.slurm.WarningSignal;

/**
 * One run of a variable-time job ({@code crjob run}): check the job, charge a run that died, open the store and the
 * coordinator, launch the application or restart it from the newest checkpoint, and leave how the run ends to
 * {@link RunEnding}.
 */
public final class RunSession {
    private final RunOptions options;
    private final JobEnv env;
    private final Slurm slurm;
    private final Path workDir;
    private final JobLog log;
    private final Clock clock;
    private final Triggers triggers;
    private JobRequeue requeue;
    private EventLog events;
    /** How often the job is re-read from Slurm while it runs: an end that moves, a preemption. */
    static final Duration JOB_POLL = Duration.ofSeconds(15);
    private boolean leadWarned;

    public RunSession(RunOptions options, JobEnv env, Slurm slurm, Path workDir, JobLog log, Clock clock) {
        this.options = options;
        this.env = env;
        this.slurm = slurm;
        this.workDir = workDir.toAbsolutePath().normalize();
        this.log = log;
        this.clock = clock;
        this.triggers = new Triggers(clock);
    }

    public RunResult run() {
        trap(); // first: bin/crjob ignores the signal only until now, and it may come while crjob starts
        String jobId = env.requireJobId();
        JobSetup.checkOnePerJob(env);
        JobInfo job = slurm.showJob(jobId);
        TimeBudget budget = JobSetup.check(job, options.policy().maxRequeues() > 0); // a job crjob cannot work with stops here, before anything runs
        Engines.requireAvailable(options.engine()); // DMTCP missing: say so before anything starts
        List<Generation> generations = CheckpointStore.read(options.ckptDir()).generations();
        if (generations.isEmpty() || EngineKind.SIGNAL.is(options.engine())) {
            AppLauncher.requireExecutable(options.command().get(0), workDir);
        }
        int restarts = env.restartCount();
        Optional<String> script = batchScript(jobId);
        script.ifPresent(s -> warnAboutTheJobScript(s, restarts, generations));
        JobPaths paths = new JobPaths(workDir, jobId);
        events = new EventLog(paths.eventsFile(), log);
        tellTheLogWhenTheJobBegan(job);
        requeue = new JobRequeue(slurm, options.policy(), events, log, clock);
        TimeBudget afterDeadRun = chargeRunThatDied(job.ref(), paths, budget);
        if (!afterDeadRun.toComment().equals(budget.toComment())) {
            job = slurm.showJob(job.ref()); // the Comment now holds the charged budget
        }
        CoordinatorConfig config = new CoordinatorConfig(jobId, options.engine(), workDir, options.ckptDir(),
                options.keep(), options.interval(), false, Duration.ofSeconds(30), options.dmtcp());
        String owner = "job " + jobId + " pid " + Posix.getpid();
        // the previous job's coordinator may still be stopping: its store is waited for
        try (CoordinatorStack stack = CoordinatorStack.open(config, env.variables(), owner, events, 0,
                Duration.ofSeconds(20), clock, log);
             JobWatch watch = new JobWatch(job, slurm, options.deadline(),
                     () -> options.deadline().expectedCheckpoint(stack.store().generations()), JOB_POLL, clock,
                     events, log, triggers::watched).start()) {
            if (options.checkpointAt() == CheckpointAt.DEADLINE) {
                triggers.deferWarningsTo(new SignalDeadline(options.deadline(), script.flatMap(this::warningLead),
                        () -> measuredCheckpoint(stack.store()), watch, log));
            }
            RunEnding ending = new RunEnding(options, slurm, requeue, events, log, stack.coordinator(),
                    stack.engine(), stack.store(), leadWarned);
            CompletableFuture<Integer> app;
            try {
                app = start(stack, new RunStart(job, restarts, afterDeadRun));
            } catch (RuntimeException e) {
                ending.startFailed(restarts);
                throw e;
            }
            watch.recordDeadline("start", watch.deadline()); // after run-start: the run's own plan
            return ending.await(app, triggers.first(), job, restarts);
        }
    }

    /** A requeued job's first run may have been on another day: then the log's lines carry their date. */
    private void tellTheLogWhenTheJobBegan(JobInfo job) {
        job.startTime().ifPresent(log::jobStartedAt);
        events.firstTime().ifPresent(log::jobStartedAt);
    }

    /**
     * One line for each #SBATCH setting that would make this job work worse, in its first run, or once a
     * checkpoint time is measured that its --signal lead falls short of. Reading the script is best effort.
     */
    private void warnAboutTheJobScript(String script, int restarts, List<Generation> generations) {
        if (restarts > 0 && generations.isEmpty()) {
            return;
        }
        Duration expected = options.deadline().expectedCheckpoint(generations); // a guess when none is measured
        Optional<Duration> measured = generations.isEmpty() ? Optional.empty() : Optional.of(expected);
        boolean isBatchShell = JobGuardian.batchScript().map(pid -> pid == ProcessHandle.current().pid()).orElse(true);
        List<String> warnings = JobSetupWarnings.of(SbatchDirectives.of(script), options.onSignal(), measured,
                options.deadline().lead(expected), isBatchShell, script.contains("trap "));
        warnings.stream().filter(w -> restarts == 0 || JobSetupWarnings.isShortLead(w)).forEach(log::warning);
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
            log.event("ignoring an unreadable state file of an earlier run: " + e.getMessage());
            return budget;
        }
        if (Posix.isAlive(dead.pid()) && dead.host().equals(CoordinatorHostName.local())) {
            return budget; // not dead: CoordinatorHost.start will refuse to start a second coordinator
        }
        Duration between = Duration.between(dead.startedAt(), dead.heartbeat());
        Duration ran = between.isNegative() ? Duration.ZERO : between;
        TimeBudget charged = budget.charge(ran);
        log.event("the previous run died without a checkpoint at its end (node failure?); charging it "
                + SlurmTime.of(ran).format() + ", its start to its last heartbeat" + (budget.isSet() ? "; "
                + charged + " of the budget is left" : ""));
        requeue.writeBudget(jobRef, charged);
        return charged;
    }

    /** The job's batch script, read once; best effort: none for salloc or srun, or from an old Slurm. */
    private Optional<String> batchScript(String jobId) {
        try {
            return Optional.of(slurm.batchScript(jobId));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The lead of the script's {@code --signal=B:SIG@LEAD}, when it is the signal crjob waits for. */
    private Optional<Duration> warningLead(String script) {
        try {
            return SbatchDirectives.of(script).signal().filter(s -> s.toBatchShell() && s.signal() == options.onSignal())
                    .map(WarningSignal::lead);
        } catch (InvalidValueException e) {
            return Optional.empty(); // said among the script's warnings
        }
    }

    /** The longest recent checkpoint of this job, when one was timed. */
    private Optional<Duration> measuredCheckpoint(CheckpointStore store) {
        List<Generation> generations = store.generations();
        return generations.isEmpty() ? Optional.empty()
                : Optional.of(options.deadline().expectedCheckpoint(generations));
    }

    private void trap() {
        SignalTrap.on(options.onSignal(), triggers::warned);
        if (options.onSignal() != Signal.TERM) {
            SignalTrap.on(Signal.TERM, triggers::terminated);
        }
    }

    /**
     * Launches the application, or restarts it from the newest generation, and keeps it running until its work ends:
     * an application that saves and quits when asked for a checkpoint is started again from it, in this allocation.
     */
    private CompletableFuture<Integer> start(CoordinatorStack stack, RunStart run) {
        CheckpointEngine engine = stack.engine();
        CoordinatorHost host = stack.host();
        int restarts = run.restarts();
        AppStarts starts = new AppStarts(engine, host.info(), options.ckptDir(), workDir, options.trustUnverified(),
                events, log);
        Path doneFile = host.paths().doneFile();
        AppSpec spec = new AppSpec(options.command(), options.stateFiles(), options.appSignal(), doneFile,
                options.checkpointTimeout(), options.signalGroup(), options.checkpointExitCode(), options.stopFile());
        ApplicationRun.Start first;
        if (stack.store().latest().isPresent()) {
            first = starts.restart(spec, Math.max(1, restarts));
            log.event("restarting from checkpoint generation " + first.generation().orElseThrow() + " (run "
                    + (restarts + 1) + ")" + (first.argv().equals(spec.command()) ? "" : " with " + engine.name()));
        } else {
            first = starts.launch(spec, Map.of());
            JobCheckpointDir.otherJobsBeside(options.ckptDir()).forEach(log::event);
            log.event("launching " + String.join(" ", spec.command()) + " (run " + (restarts + 1) + ", no checkpoint"
                    + " yet)" + (first.argv().equals(spec.command()) ? "" : " under " + engine.name()));
        }
        recordRunStart(run, first.generation());
        ApplicationRun app = starts.watched(new LocalRegistry(stack.coordinator()), spec, Math.max(1, restarts));
        return Background.run("crjob-application", () -> app.run(first));
    }

    /** What a run starts with: the job as Slurm had it, how often it was requeued, its budget after a dead run. */
    private record RunStart(JobInfo job, int restarts, TimeBudget budget) {
    }

    /** The {@code run-start} event, once the restore (if any) is done and the application is about to start. */
    private void recordRunStart(RunStart run, Optional<Integer> restoredFrom) {
        JobInfo job = run.job();
        RunEvents.start(events, run.restarts() + 1, job.jobId(), CoordinatorHostName.local(), Optional.of(job),
                run.budget().remaining(), restoredFrom);
    }
}
