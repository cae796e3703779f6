package org.crjob.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.crjob.failure.BrokenInstallationException;
import org.crjob.failure.InvalidValueException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "shell-init", mixinStandardHelpOptions = true,
        description = {
            "Print bash functions compatible with NERSC's nersc_cr module (start_coordinator, restart_count,"
                + " requeue_job, func_trap, ckpt_dmtcp, ckpt_crjob, parse_job, secs2timestr, timestr2secs), as thin"
                + " calls into crjob, with nersc_cr's bugs fixed.",
            "",
            "Replace 'module load dmtcp nersc_cr' in a job script with 'module load dmtcp' and:",
            "",
            "  eval \"$(crjob shell-init bash)\"",
            "",
            "They work under set -euo pipefail and print nothing on stdout but the values asked for"
                + " ($(restart_count), secs2timestr, timestr2secs). Only bash is supported.",
            "The engine is DMTCP unless CRJOB_ENGINE=signal (an application that saves its own state, started with"
                + " crjob launch). The printed script documents every function and the variables it reads"
                + " (ckpt_command, ckpt_overhead, max_timelimit).",
        })
final class ShellInitCommand extends BaseCommand {

    static final String RESOURCE = "shell-init.bash";
    static final String LAUNCHER_PLACEHOLDER = "@CRJOB_LAUNCHER@";

    @Parameters(paramLabel = "SHELL", description = "The shell to print functions for: bash.")
    String shell;

    @Override
    public Integer call() {
        if (!"bash".equals(shell)) {
            throw new InvalidValueException("shell-init: '" + shell + "' is not supported: the functions"
                    + " (like nersc_cr's) are bash; run the job script with bash and use: eval \"$(crjob shell-init"
                    + " bash)\"");
        }
        out().print(script(context.launcher()));
        out().flush();
        return ExitCode.OK;
    }

    /** The functions, calling crjob through {@code launcher} (shell-quoted into the text). */
    static String script(String launcher) {
        try (InputStream in = ShellInitCommand.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new BrokenInstallationException(RESOURCE + " is missing from crjob's jar: rebuild crjob");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.replace(LAUNCHER_PLACEHOLDER, org.crjob.process.Command.shellQuote(launcher));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " from crjob's jar: " + e.getMessage(), e);
        }
    }
}
