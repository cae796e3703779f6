package org.crjob.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crjob.engine.CheckpointEngine;
import org.crjob.engine.coordinator.AppSpec;
import org.crjob.engine.coordinator.Engines;
import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.engine.launch.AppEnvironment;
import org.crjob.engine.launch.AppLauncher;
import org.crjob.engine.coordinator.RemoteRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "launch", mixinStandardHelpOptions = true,
        description = {
            "Run the application under this job's coordinator, which can then checkpoint it. Returns the"
                + " application's exit status, or 8 when the engine ended it (DMTCP failed, or its coordinator killed"
                + " the computation on a dmtcp_command -k or -q): its work is not finished.",
            "",
            "With the signal engine, a checkpoint sends the application --signal; the application saves its"
                + " --state files and then runs 'crjob checkpoint-done', creates $CRJOB_DONE_FILE, or exits with status 0.",
            "",
            "  eval \"$(crjob start-coordinator)\"",
            "  crjob launch --signal USR1 --state out/restart.dat -- ./sim input.nml",
        })
final class LaunchCommand extends BaseCommand {

    @Mixin
    AppOptions app;

    @Mixin
    DmtcpMixin dmtcp;

    @Parameters(paramLabel = "CMD", arity = "1..*", description = "The command to run and its arguments, after --.")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        CoordinatorInfo coordinator = Coordinators.locate(java.util.Optional.empty());
        AppSpec spec = app.spec(command, coordinator);
        CheckpointEngine engine = Engines.attach(coordinator, dmtcp.options(coordinator.engine()));
        AppLauncher launcher = new AppLauncher(new RemoteRegistry(Coordinators.client(coordinator)));
        event("launching " + String.join(" ", command) + (engine.name().equals("signal") ? "" : " under " + engine.name()));
        int status = launcher.run(spec, engine.launchCommand(command),
                AppEnvironment.of(coordinator, spec, engine.environment()), Path.of("").toAbsolutePath());
        return EngineExit.of(engine, status, this::event);
    }
}
