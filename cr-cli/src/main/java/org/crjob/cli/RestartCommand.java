package org.crjob.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.crjob.engine.launch.AppStarts;
import org.crjob.engine.launch.CoordinatedApp;
import org.crjob.engine.protocol.CoordinatorInfo;
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
        CoordinatorInfo coordinator = locator().locate(Optional.empty());
        CoordinatedApp coordinated = CoordinatedApp.attach(coordinator, dmtcp.restartOptions(coordinator.engine()),
                context.jobEnv(), context.workDir(), log());
        AppStarts.RestartRequest request = new AppStarts.RestartRequest(command, app.save.state,
                (cmd, stateFiles) -> app.spec(cmd, stateFiles, coordinator));
        return EngineExit.of(coordinated.restart(request, Optional.ofNullable(ckptDir), restore.trustUnverified),
                log());
    }
}
