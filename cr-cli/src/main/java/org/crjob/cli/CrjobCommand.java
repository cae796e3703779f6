package org.crjob.cli;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code crjob}: the top command. Alone it only explains itself; the work is in the subcommands. */
@Command(
        name = "crjob",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "Checkpoint/restart for Slurm jobs: run as long as the work needs, whatever the wall-time limit.",
            "",
            "crjob runs your program inside a Slurm job, checkpoints it when Slurm warns that the time is"
                + " nearly up, requeues the job, and restores the program from its last checkpoint in the next"
                + " allocation, again and again until the work is done.",
            "",
        },
        commandListHeading = "%nCommands:%n",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:OK",
            "1:the command failed",
            "2:bad usage (unknown option, invalid value)",
            "3:not in a Slurm job, or another unexpected state",
            "4:internal error",
            "5:a Slurm command failed",
            "6:a checkpoint failed",
            "7:crjob run: not finished and not requeued (budget or requeue limit spent)",
            "143:crjob run: ended by TERM (scancel), or preempted with --on-preempt stop",
            "other:crjob run and launch: the application's own exit status"
        })
public final class CrjobCommand implements Callable<Integer> {

    /**
     * The subcommands, in the order {@code crjob --help} lists them. Not in {@code @Command(subcommands =
     * ...)}: picocli would then build every one of them (reflection over all their options and mixins) at
     * each start, and crjob starts for every call of a shell function. {@link Main} adds only the one the
     * command line names (see {@link Subcommands}), all of them for help and errors.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            RunCommand.class, StartCoordinatorCommand.class, LaunchCommand.class, RestartCommand.class, CheckpointCommand.class,
            CheckpointDoneCommand.class, StatusCommand.class, IntervalCommand.class, QuitCommand.class,
            CheckpointsCommand.class, JobsCommand.class, ReportCommand.class, RequeueCommand.class,
            RemainingCommand.class,
            RestartCountCommand.class, ShellInitCommand.class, TimeCommand.class, NewCommand.class, RenderCommand.class,
            SubmitCommand.class, CleanCommand.class, HelpCommand.class);

    @Spec
    private CommandSpec spec;

    @Mixin
    private VerboseMixin verbose;

    @Override
    public Integer call() {
        CommandLine commandLine = spec.commandLine();
        commandLine.getErr().println(ErrorReporter.PREFIX + "missing command");
        commandLine.usage(commandLine.getErr());
        return ExitCode.USAGE;
    }
}
