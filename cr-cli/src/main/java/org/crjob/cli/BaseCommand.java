package org.crjob.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.IntSupplier;
import org.crjob.engine.coordinator.CoordinatorCall;
import org.crjob.engine.coordinator.CoordinatorLocator;
import org.crjob.joblog.JobLog;
import org.crjob.joblog.JobLogLines;
import org.crjob.slurm.Slurm;
import org.crjob.slurm.SlurmRetry;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every subcommand has: --verbose, its writers, and the job log. */
abstract class BaseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    VerboseMixin verbose;

    /** One per command, so that it knows the day of its previous line. */
    private JobLog log;

    /** Given by {@link CommandFactory}: Slurm, the environment, the clock, the working directory. */
    CliContext context;

    /** The requests this command makes to the coordinator of {@code job}, or of the job it runs in. */
    CoordinatorCall coordinator(Optional<String> job) {
        return new CoordinatorCall(locator(), slurm(), context.env(), job);
    }

    /**
     * Runs {@code body} (which calls {@code coordinator}), or this whole command line on the job's node when the
     * coordinator cannot be reached from here; prints what the run there printed.
     */
    int hereOrOnTheNode(CoordinatorCall coordinator, IntSupplier body) {
        List<String> commandLine = new ArrayList<>(List.of(context.launcher()));
        commandLine.addAll(spec.commandLine().getParseResult().originalArgs());
        return coordinator.hereOrOnTheNode(body, commandLine, line -> {
            err().println(ErrorReporter.PREFIX + line);
            err().flush();
        }, result -> {
            out().print(result.stdout());
            out().flush();
            err().print(result.stderr());
            err().flush();
        });
    }

    /** Slurm's commands, a slow controller's retries told in {@link #log()}. */
    Slurm slurm() {
        return context.slurm().retrying(SlurmRetry.defaults(log()));
    }

    /** Finds coordinators from this command's environment and working directory, asking {@link #slurm()}. */
    CoordinatorLocator locator() {
        return new CoordinatorLocator(context.env(), context.workDir(), slurm());
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** {@code crjob: warning: message} on stderr: something that may go wrong, for a user at a terminal. */
    void warning(String message) {
        err().println(ErrorReporter.PREFIX + "warning: " + message);
        err().flush();
    }

    /**
     * The job's log on stderr: {@code [crjob 12:00:01] message}, warnings as {@code [crjob 12:00:01] warning:
     * message}, details only with {@code -v}.
     */
    synchronized JobLog log() {
        if (log == null) {
            log = jobLog(spec);
        }
        return log;
    }

    /** A new job log for the command of {@code spec}, on its stderr, with details when it was given {@code -v}. */
    static JobLog jobLog(CommandSpec spec) {
        return new JobLogLines("crjob", spec.commandLine().getErr(), Clock.systemDefaultZone(),
                VerboseMixin.level(spec) > 0);
    }

    /** An event in {@link #log()}. */
    void event(String message) {
        log().event(message);
    }
}
