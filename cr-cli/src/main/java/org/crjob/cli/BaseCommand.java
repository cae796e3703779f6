package org.crjob.cli;

import java.io.PrintWriter;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.IntSupplier;
import org.crjob.engine.ClockTime;
import org.crjob.engine.coordinator.CoordinatorCall;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every subcommand has: --verbose, its writers, and the one-line event format of the job log. */
abstract class BaseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    VerboseMixin verbose;

    /** Given by {@link CommandFactory}: Slurm, the environment, the clock, the working directory. */
    CliContext context;

    /** The requests this command makes to the coordinator of {@code job}, or of the job it runs in. */
    CoordinatorCall coordinator(Optional<String> job) {
        return new CoordinatorCall(context.locator(), context.slurm(), context.env(), job);
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

    /** {@code [crjob 12:00:01] message} on stderr: the job's log. */
    void event(String message) {
        err().println(logLine(LocalTime.now(), message));
        err().flush();
    }

    /** {@code [crjob 12:00:00] message}, seconds always shown. */
    static String logLine(LocalTime at, String message) {
        return "[crjob " + ClockTime.of(at) + "] " + message;
    }
}
