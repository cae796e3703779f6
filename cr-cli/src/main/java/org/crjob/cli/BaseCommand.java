package org.crjob.cli;

import java.io.PrintWriter;
import java.time.LocalTime;
import java.util.concurrent.Callable;
import org.crjob.engine.ClockTime;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every subcommand has: --verbose, its writers, and the one-line event format of the job log. */
abstract class BaseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    VerboseMixin verbose;

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
