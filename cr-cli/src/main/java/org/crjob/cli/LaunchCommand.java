package org.crjob.cli;

import java.util.Optional;
import org.crjob.engine.AppSpec;
import org.crjob.engine.launch.CoordinatedApp;
import org.crjob.engine.protocol.CoordinatorInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "launch", mixinStandardHelpOptions = true,
        description = {
            "Run the application under this job's coordinator, which can then checkpoint it. Returns the"
                + " application's exit status, or 8 when the engine ended it (DMTCP failed, or its coordinator killed"
                + " the computation on a dmtcp_command -k or -q): its work is not finished.",
            "",
            "With the signal engine, a checkpoint sends the application --signal; the application saves its"
                + " --state files and then runs 'crjob checkpoint-done', creates $CRJOB_DONE_FILE, or exits. With"
                + " --stop-file, crjob creates that file instead (LAMMPS fix halt on is_file(STOP), Quantum ESPRESSO's"
                + " PREFIX.EXIT, VASP's STOPCAR) and removes it before the application starts again.",
            "",
            "An application that answers a checkpoint by saving and quitting is started again from that checkpoint"
                + " at once, and crjob launch goes on waiting for it. It tells \"saved and quit\" from \"finished\""
                + " by evidence: the exit status is --checkpoint-exit-code, or it is 0 after the checkpoint's"
                + " --signal reached the application and every --state file was written after that signal. Any other"
                + " exit ends the work, and its status is crjob launch's.",
            "",
            "  eval \"$(crjob start-coordinator)\"",
            "  crjob launch --signal USR1 --state out/restart.dat -- ./sim input.nml",
            "  crjob launch --stop-file STOP --state restart.lj -- lmp -in in.lj",
            "  crjob launch --stop-file pw.EXIT --state out/pw.save -- pw.x -in pw.in",
        })
final class LaunchCommand extends BaseCommand {

    @Mixin
    AppOptions app;

    @Mixin
    DmtcpMixin dmtcp;

    @Mixin
    AppCommandLine appCommand;

    @Override
    public Integer call() {
        CoordinatorInfo coordinator = locator().locate(Optional.empty());
        AppSpec spec = app.spec(appCommand.command, coordinator);
        CoordinatedApp coordinated = CoordinatedApp.attach(coordinator, dmtcp.options(coordinator.engine()),
                context.jobEnv(), context.workDir(), log());
        return EngineExit.of(coordinated.launch(spec), log());
    }
}
