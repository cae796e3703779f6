package org.crjob.cli;

import java.io.PrintWriter;

import org.crjob.failure.CrjobException;

import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

/**
 * The one place where failures become messages and exit codes.
 *
 * <ul>
 *   <li>Bad usage ({@link ParameterException}): {@code crjob: <message>}, picocli's suggestions if any, and
 *       {@code Try 'crjob <command> --help' for more information.}; exit {@link ExitCode#USAGE}.</li>
 *   <li>An exception from a command: {@code crjob: <message>} on one line. The exit code is the one of a
 *       {@link CrjobException}'s kind ({@link ExitCode#of}), else {@link ExitCode#INTERNAL} for an unexpected {@link RuntimeException} (an
 *       {@link IllegalArgumentException} or {@link IllegalStateException} is a bug of crjob's, not the user's
 *       mistake) and {@link ExitCode#FAILURE} for an unexpected checked exception. Unexpected exceptions are
 *       named and get a hint to use {@code --verbose}; the stack trace is printed only with {@code --verbose}.</li>
 * </ul>
 */
public final class ErrorReporter
        implements IExecutionExceptionHandler, IParameterExceptionHandler, IExitCodeExceptionMapper {

    static final String PREFIX = "crjob: ";

    @Override
    public int getExitCode(Throwable t) {
        if (t instanceof ParameterException) {
            return ExitCode.USAGE;
        }
        if (t instanceof CrjobException e) {
            return ExitCode.of(e.kind());
        }
        return t instanceof RuntimeException || t instanceof Error ? ExitCode.INTERNAL : ExitCode.FAILURE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        return report(ex, commandLine.getErr(), VerboseMixin.level(commandLine.getCommandSpec()) > 0);
    }

    /** Prints {@code t} as described above and returns its exit code. */
    int report(Throwable t, PrintWriter err, boolean verbose) {
        boolean expected = t instanceof CrjobException;
        err.println(PREFIX + (expected ? message(t) : unexpected(t)));
        if (verbose) {
            t.printStackTrace(err);
        } else if (!expected) {
            err.println(PREFIX + "run again with --verbose to see the stack trace");
        }
        err.flush();
        return getExitCode(t);
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine commandLine = ex.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println(PREFIX + ex.getMessage());
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + helpCommand(commandLine.getCommandSpec()) + "' for more information.");
        err.flush();
        return getExitCode(ex);
    }

    private static String helpCommand(CommandSpec spec) {
        if (spec.optionsMap().containsKey("--help")) {
            return spec.qualifiedName() + " --help";
        }
        return spec.root().qualifiedName() + " --help";
    }

    private static String message(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    private static String unexpected(Throwable t) {
        String described = t.getMessage() == null || t.getMessage().isBlank()
                ? t.getClass().getName()
                : t.getClass().getName() + ": " + t.getMessage();
        return t instanceof RuntimeException || t instanceof Error ? "internal error: " + described : described;
    }
}
