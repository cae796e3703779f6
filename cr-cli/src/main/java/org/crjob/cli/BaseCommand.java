package org.crjob.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.crjob.joblog.JobLog;
import org.crjob.joblog.JobLogLines;
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
