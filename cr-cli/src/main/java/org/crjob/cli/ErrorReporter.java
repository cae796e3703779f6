package org.crjob.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

import org.crjob.engine.CheckpointFailedException;
import org.crjob.engine.coordinator.CoordinatorStartException;
import org.crjob.engine.coordinator.RequestRefusedException;
import org.crjob.engine.jobfiles.StateFileException;
import org.crjob.engine.launch.NoCheckpointException;
import org.crjob.engine.protocol.CoordinatorException;
import org.crjob.engine.store.CheckpointStoreException;
import org.crjob.engine.store.StoreLockedException;
import org.crjob.slurm.NotInSlurmJobException;
import org.crjob.slurm.SlurmCommandException;

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
 *   <li>An exception from a command: {@code crjob: <message>} on one line. The exit code is the one an
 *       {@link ExitException} carries, else the one {@link #standard()} maps its type (or a supertype) to,
 *       else {@link ExitCode#INTERNAL} for an unexpected {@link RuntimeException} and {@link ExitCode#FAILURE}
 *       for an unexpected checked exception. Unexpected exceptions are named and get a hint to use
 *       {@code --verbose}; the stack trace is printed only with {@code --verbose}.</li>
 * </ul>
 */
public final class ErrorReporter
        implements IExecutionExceptionHandler, IParameterExceptionHandler, IExitCodeExceptionMapper {

    static final String PREFIX = "crjob: ";

    private final Map<Class<? extends Throwable>, Integer> exitCodes = new LinkedHashMap<>();

    /**
     * crjob's exception-to-exit-code table. Register exceptions of the lower modules here, e.g.
     * {@code .map(SlurmException.class, ExitCode.SLURM_FAILED)}. The most specific registered type wins.
     */
    public static ErrorReporter standard() {
        return new ErrorReporter()
                .map(IllegalArgumentException.class, ExitCode.USAGE)
                .map(NotInSlurmJobException.class, ExitCode.UNEXPECTED_STATE)
                .map(SlurmCommandException.class, ExitCode.SLURM_FAILED)
                .map(CheckpointFailedException.class, ExitCode.CHECKPOINT_FAILED)
                .map(CheckpointStoreException.class, ExitCode.CHECKPOINT_FAILED)
                .map(StoreLockedException.class, ExitCode.UNEXPECTED_STATE)
                .map(NoCheckpointException.class, ExitCode.UNEXPECTED_STATE)
                .map(org.crjob.engine.launch.SaveAndQuitLoopException.class, ExitCode.FAILURE)
                .map(RequestRefusedException.class, ExitCode.UNEXPECTED_STATE)
                .map(CoordinatorStartException.class, ExitCode.UNEXPECTED_STATE)
                .map(CoordinatorException.class, ExitCode.UNEXPECTED_STATE)
                .map(StateFileException.class, ExitCode.UNEXPECTED_STATE)
                .map(org.crjob.engine.dmtcp.DmtcpNotFoundException.class, ExitCode.UNEXPECTED_STATE)
                .map(org.crjob.engine.dmtcp.DmtcpStartException.class, ExitCode.UNEXPECTED_STATE);
    }

    /** Maps {@code type} and its subtypes (unless mapped more specifically) to {@code exitCode}. */
    public ErrorReporter map(Class<? extends Throwable> type, int exitCode) {
        exitCodes.put(type, exitCode);
        return this;
    }

    @Override
    public int getExitCode(Throwable t) {
        if (t instanceof ExitException e) {
            return e.exitCode();
        }
        if (t instanceof ParameterException) {
            return ExitCode.USAGE;
        }
        Integer mapped = mapped(t);
        if (mapped != null) {
            return mapped;
        }
        return t instanceof RuntimeException || t instanceof Error ? ExitCode.INTERNAL : ExitCode.FAILURE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        return report(ex, commandLine.getErr(), VerboseMixin.level(commandLine.getCommandSpec()) > 0);
    }

    /** Prints {@code t} as described above and returns its exit code. */
    int report(Throwable t, PrintWriter err, boolean verbose) {
        boolean expected = t instanceof ExitException || mapped(t) != null;
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

    private Integer mapped(Throwable t) {
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            Integer code = exitCodes.get(c);
            if (code != null) {
                return code;
            }
        }
        return null;
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
