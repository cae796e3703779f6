package org.crjob.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.Function;

import org.crjob.failure.InvalidValueException;
import org.crjob.posix.Signal;
import org.crjob.slurm.SlurmTime;
import picocli.CommandLine;

/** The entry point of {@code crjob} (the Main-Class of crjob.jar). */
public final class Main {

    private Main() {
    }

    public static void main(String... args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int exitCode = run(out, err, args);
        out.flush();
        err.flush();
        System.exit(exitCode);
    }

    /** Runs {@code crjob args} with the given writers and returns the exit code; never exits the JVM. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return execute(commandLine(out, err, CliContext.system(),
                Subcommands.reachableBy(args, CrjobCommand.SUBCOMMANDS)), args);
    }

    /**
     * The configured command tree: writers, error handling and exit codes set. Tests may add subcommands
     * ({@code addSubcommand}) before calling {@link #execute}.
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, CliContext.system());
    }

    /** The configured command tree, its commands working in {@code context} (a test's stand-in Slurm, say). */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, CliContext context) {
        return commandLine(out, err, context, CrjobCommand.SUBCOMMANDS);
    }

    /** The configured command tree with only {@code subcommands} under the top command. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, CliContext context, List<Class<?>> subcommands) {
        ErrorReporter reporter = new ErrorReporter();
        CommandLine top = new CommandLine(new CrjobCommand(), new CommandFactory(context));
        // before the settings below: picocli copies them only to the subcommands present when they are set
        subcommands.forEach(top::addSubcommand);
        return top
                .registerConverter(Signal.class, userValue(Signal::parse))
                .registerConverter(SlurmTime.class, userValue(SlurmTime::parse))
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(reporter)
                .setExecutionExceptionHandler(reporter)
                .setExitCodeExceptionMapper(reporter);
    }

    /**
     * A converter for values users type (signals, Slurm times): the parser's own message (which names the
     * value and lists what is accepted) becomes the usage error, without picocli's wrapping.
     */
    private static <T> CommandLine.ITypeConverter<T> userValue(Function<String, T> parse) {
        return text -> {
            try {
                return parse.apply(text);
            } catch (InvalidValueException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        };
    }

    /** Executes {@code args} on {@code commandLine} and returns the exit code. */
    public static int execute(CommandLine commandLine, String... args) {
        // picocli copies these settings down only to the subcommands present when they are set (the
        // handlers are only read on the top command): reach subcommands added since commandLine().
        commandLine.setOut(commandLine.getOut())
                .setErr(commandLine.getErr())
                .setCaseInsensitiveEnumValuesAllowed(commandLine.isCaseInsensitiveEnumValuesAllowed());
        try {
            return commandLine.execute(args);
        } catch (Error e) {
            // picocli hands only Exceptions to ErrorReporter; an Error (no memory, a class missing from the
            // jar) would otherwise end the JVM with status 1, which means "the command failed".
            PrintWriter err = commandLine.getErr();
            err.println(ErrorReporter.PREFIX + "internal error: " + e);
            e.printStackTrace(err);
            err.flush();
            return ExitCode.INTERNAL;
        }
    }
}
