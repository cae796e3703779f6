package org.crjob.process;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;

/**
 * {@link CommandRunner} on Apache Commons Exec: argument lists, no shell, a watchdog per call that ends the command
 * and every process under it at its timeout.
 */
public final class ExecCommandRunner implements CommandRunner {

    /** How long the output pipes may take to drain once the command itself has exited. */
    private static final Duration PIPE_DRAIN_TIMEOUT = Duration.ofSeconds(2);

    @Override
    public CommandResult run(Command command) {
        CapturingStreamHandler streams = new CapturingStreamHandler(PIPE_DRAIN_TIMEOUT);
        CommandWatchdog watchdog = new CommandWatchdog(command.timeout());
        DefaultExecutor executor = DefaultExecutor.builder().setExecuteStreamHandler(streams).get();
        if (command.workDir() != null) {
            executor.setWorkingDirectory(command.workDir().toFile());
        }
        executor.setProcessDestroyer(watchdog); // the hook that hands it each process started
        executor.setExitValues(null); // every exit code is a result; the caller decides what is a failure
        long started = System.nanoTime();
        int exit;
        try {
            exit = executor.execute(toCommandLine(command), environment(command));
        } catch (ExecuteException e) {
            exit = e.getExitValue();
        } catch (IOException e) {
            throw new CommandNotStartedException(command, e);
        }
        if (watchdog.fired()) {
            throw new CommandTimedOutException(command, streams.stderr());
        }
        return new CommandResult(command, exit, streams.stdout(), streams.stderr(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    private static CommandLine toCommandLine(Command command) {
        CommandLine line = new CommandLine(command.program());
        for (String arg : command.argv().subList(1, command.argv().size())) {
            line.addArgument(arg, false); // false: pass the argument as it is, no quoting games
        }
        return line;
    }

    /** Null means "inherit ours"; extra variables are laid over a copy of our environment. */
    private static Map<String, String> environment(Command command) {
        if (command.extraEnv().isEmpty()) {
            return null;
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(command.extraEnv());
        return env;
    }
}
