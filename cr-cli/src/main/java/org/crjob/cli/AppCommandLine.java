package org.crjob.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Parameters;

/** The application's command line, after {@code --}: for launch and run. */
final class AppCommandLine {
    @Parameters(paramLabel = "CMD", arity = "1..*", description = "The command to run and its arguments, after --.")
    List<String> command = new ArrayList<>();
}
