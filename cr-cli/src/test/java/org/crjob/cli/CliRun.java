package org.crjob.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import picocli.CommandLine;

/** One run of {@code crjob} in this JVM, through {@link Main#commandLine} and {@link Main#execute}. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        return of(commandLine -> { }, args);
    }

    /** Runs {@code args} after {@code customize} (e.g. adding a test-only subcommand). */
    static CliRun of(Consumer<CommandLine> customize, String... args) {
        return in(CliContext.system(), customize, args);
    }

    /** Runs {@code args} with the commands working in {@code context}: a stand-in Slurm, an environment. */
    static CliRun in(CliContext context, String... args) {
        return in(context, commandLine -> { }, args);
    }

    /** {@code crjob NAME ARGS} parsed as Main parses it, not run: the subcommand's object with its options. */
    static <T> T parsed(Class<T> type, String name, String... args) {
        CommandLine root = Main.commandLine(new PrintWriter(Writer.nullWriter()),
                new PrintWriter(Writer.nullWriter()));
        List<String> all = new ArrayList<>(List.of(name));
        all.addAll(List.of(args));
        root.parseArgs(all.toArray(String[]::new));
        return type.cast(root.getSubcommands().get(name).getCommand());
    }

    private static CliRun in(CliContext context, Consumer<CommandLine> customize, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), context);
        customize.accept(commandLine);
        int exitCode = Main.execute(commandLine, args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }
}
