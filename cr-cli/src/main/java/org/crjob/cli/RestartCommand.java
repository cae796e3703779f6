package org.crjob.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.crjob.engine.coordinator.AppSpec;
import org.crjob.engine.coordinator.RemoteRegistry;
import org.crjob.engine.coordinator.RestartInfo;
import org.crjob.engine.launch.AppEnvironment;
import org.crjob.engine.launch.AppLauncher;
import org.crjob.engine.launch.RestartPlan;
import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.slurm.JobEnv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restart", mixinStandardHelpOptions = true,
        description = {
            "Restore the newest complete checkpoint and run the application again under this job's coordinator.",
            "",
            "The newest generation that verifies is used; a damaged one is skipped with a warning and the one"
                + " before it is used. Its state files go back where the application keeps them, and the command"
                + " recorded with it runs again (or CMD, when given) with CRJOB_RESTART_COUNT, CRJOB_GENERATION"
                + " and CRJOB_CKPT_DIR set.",
        })
final class RestartCommand extends BaseCommand {

    @Mixin
    AppOptions app;

    @Option(names = "--ckpt-dir", paramLabel = "DIR",
            description = "Where the checkpoints are. Default: the coordinator's checkpoint directory.")
    Path ckptDir;

    @Parameters(paramLabel = "CMD", arity = "0..*",
            description = "The command to run, after --. Default: the one the checkpoint recorded.")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        CoordinatorInfo coordinator = Coordinators.locate(Optional.empty());
        Path dir = ckptDir != null ? ckptDir : coordinator.ckptDir();
        int restarts = Math.max(1, new JobEnv(System.getenv()).restartCount());
        RestartPlan plan = RestartPlan.prepare(dir, command, restarts, this::event);
        if (app.save.state.isEmpty()) {
            app.save.state.addAll(RestartInfo.of(plan.generation()).targets().values());
        }
        AppSpec spec = app.spec(plan.command(), coordinator);
        event("restarting from checkpoint generation " + plan.generation().number() + " ("
                + plan.generation().dir() + "): " + String.join(" ", plan.command()));
        AppLauncher launcher = new AppLauncher(new RemoteRegistry(Coordinators.client(coordinator)));
        return launcher.run(spec, AppEnvironment.of(coordinator, spec, plan.env()), Path.of("").toAbsolutePath());
    }
}
