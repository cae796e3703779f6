package org.crjob.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.crjob.engine.AppSpec;
import org.crjob.engine.CheckpointEngine;
import org.crjob.engine.RestartInfo;
import org.crjob.engine.coordinator.Engines;
import org.crjob.engine.launch.AppEnvironment;
import org.crjob.engine.launch.AppLauncher;
import org.crjob.engine.launch.AppStarts;
import org.crjob.engine.launch.ApplicationRun;
import org.crjob.engine.launch.RemoteRegistry;
import org.crjob.engine.launch.RestartPlan;
import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.failure.InvalidValueException;
import org.crjob.slurm.JobEnv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restart", mixinStandardHelpOptions = true,
        description = {
            "Restore the newest complete checkpoint and run the application again under this job's coordinator.",
            "",
            "An application that answers a later checkpoint by saving and quitting is started again from it, as"
                + " under crjob launch.",
            "",
            "The newest generation that verifies is used, each file checked against its sha256 as it is copied"
                + " back; a damaged one (or one without a sha256, unless --trust-unverified) is skipped with a"
                + " warning and the one before it is used. Its state files go to the --state paths given here"
                + " (matched by name; relative ones in the current directory), or without any where they were"
                + " stored, and CMD runs (without one, the command recorded with the generation) with"
                + " CRJOB_RESTART_COUNT, CRJOB_GENERATION and CRJOB_CKPT_DIR set. Returns the application's exit"
                + " status, or 8 when the engine ended it (as for crjob launch).",
        })
final class RestartCommand extends BaseCommand {

    @Mixin
    AppOptions app;

    @Mixin
    DmtcpMixin dmtcp;

    @Mixin
    RestoreOptions restore;

    @Option(names = "--ckpt-dir", paramLabel = "DIR",
            description = "Where the checkpoints are. Default: the coordinator's checkpoint directory.")
    Path ckptDir;

    @Parameters(paramLabel = "CMD", arity = "0..*",
            description = "The command to run, after --. Default: the one the checkpoint recorded.")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        CoordinatorInfo coordinator = Coordinators.locate(Optional.empty(), log());
        Path dir = ckptDir != null ? ckptDir : coordinator.ckptDir();
        int restarts = Math.max(1, new JobEnv(System.getenv()).restartCount());
        Path workDir = Path.of("").toAbsolutePath();
        RestartPlan plan = RestartPlan.prepare(new RestartPlan.Request(dir, command, app.save.state, workDir,
                restore.trustUnverified), restarts, log());
        if (!plan.generation().engine().equals(coordinator.engine())) {
            throw new InvalidValueException("checkpoint generation " + plan.generation().number() + " was written by"
                    + " the " + plan.generation().engine() + " engine, but this job's coordinator runs the "
                    + coordinator.engine() + " engine: start it with --engine " + plan.generation().engine());
        }
        CheckpointEngine engine = Engines.attach(coordinator, dmtcp.restartOptions(coordinator.engine()));
        java.util.List<String> argv = engine.restartCommand(plan.generation()).orElse(plan.command());
        if (app.save.state.isEmpty() && argv == plan.command()) { // the application reads its own state files
            app.save.state.addAll(RestartInfo.of(plan.generation()).targets().values());
        }
        AppSpec spec = app.spec(plan.command(), coordinator);
        event("restarting from checkpoint generation " + plan.generation().number() + " ("
                + plan.generation().dir() + "): " + String.join(" ", plan.command()));
        java.util.Map<String, String> env = new java.util.HashMap<>(plan.env());
        env.putAll(engine.environment());
        java.util.Map<String, String> appEnv = AppEnvironment.of(coordinator, spec, env);
        engine.beforeRestart(workDir, AppEnvironment.inherited(appEnv));
        // from the job's working directory: a DMTCP-restored process keeps dmtcp_restart's cwd and stdio
        AppStarts starts = new AppStarts(engine, coordinator, dir, workDir, restore.trustUnverified, log());
        ApplicationRun run = new ApplicationRun(new AppLauncher(new RemoteRegistry(Coordinators.client(coordinator))),
                () -> starts.restart(spec, restarts), log());
        int status = run.run(new ApplicationRun.Start(spec, argv, appEnv, workDir,
                Optional.of(plan.generation().number())));
        return EngineExit.of(engine, status, log());
    }
}
