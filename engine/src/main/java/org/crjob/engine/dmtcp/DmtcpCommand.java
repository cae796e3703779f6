package org.crjob.engine.dmtcp;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crjob.process.Command;
import org.crjob.process.CommandResult;
import org.crjob.process.CommandRunner;

/** {@code dmtcp_command -h localhost -p PORT ...} through the {@link CommandRunner}, with a timeout. */
final class DmtcpCommand {
    /** dmtcp_command's own failure: coordinator not found, or not in a state to do what was asked. */
    static final int FAILED = 2;

    private final DmtcpInstallation dmtcp;
    private final DmtcpPaths paths;
    private final int port;
    private final CommandRunner runner;

    DmtcpCommand(DmtcpInstallation dmtcp, DmtcpPaths paths, int port, CommandRunner runner) {
        this.dmtcp = dmtcp;
        this.paths = paths;
        this.port = port;
        this.runner = runner;
    }

    /** Runs it whatever its exit code; the caller decides what a failure means. */
    CommandResult run(Duration timeout, String... args) {
        List<String> argv = new ArrayList<>(List.of(dmtcp.command().toString(), "-h", "localhost", "-p",
                Integer.toString(port)));
        argv.addAll(List.of(args));
        return runner.run(Command.of(argv).withTimeout(timeout).withEnv(Map.of(
                "JALIB_STDERR_PATH", paths.commandErrors().toString(),
                "DMTCP_TMPDIR", paths.tmpDir().toString())));
    }

    /** Everything a failed call said, for an error message: stdout, stderr, and DMTCP's own message file. */
    String describe(CommandResult result) {
        StringBuilder out = new StringBuilder("'" + result.command().display() + "' exited with status "
                + result.exitCode());
        String said = (result.stdout() + "\n" + result.stderr()).trim().replaceAll("\\s*\n\\s*", " | ");
        if (!said.isEmpty()) {
            out.append(": ").append(said);
        }
        try {
            if (Files.size(paths.commandErrors()) > 0) {
                out.append(" (DMTCP's messages: ").append(paths.commandErrors()).append(")");
            }
        } catch (IOException e) {
            // none written
        }
        return out.toString();
    }

    /** {@code RUNNING=yes} in {@code -s}: no checkpoint or restart under way, and at least one peer. */
    boolean running(Duration timeout) {
        CommandResult status = run(timeout, "-s");
        return status.succeeded() && status.stdout().lines().map(String::trim).anyMatch("RUNNING=yes"::equals);
    }

    /** {@code NUM_PEERS} in {@code -s}: how many processes run under the coordinator; -1 when it does not say. */
    int peers(Duration timeout) {
        CommandResult status = run(timeout, "-s");
        return status.stdout().lines().map(String::trim).filter(l -> l.matches("NUM_PEERS=[0-9]+")).findFirst()
                .map(l -> Integer.parseInt(l.substring("NUM_PEERS=".length()))).orElse(-1);
    }
}
