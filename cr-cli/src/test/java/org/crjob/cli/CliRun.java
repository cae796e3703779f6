package org.crjob.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Consumer;

import picocli.CommandLine;

/** One run of {@code crjob} in this JVM, through {@link Main#commandLine} and {@link Main#execute}. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        return of(commandLine -> { }, args);
    }

    /** Runs {@code args} after {@code customize} (e.g. adding a test-only subcommand). */
    static CliRun of(Consumer<CommandLine> customize, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        customize.accept(commandLine);
        int exitCode = Main.execute(commandLine, args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }
}
