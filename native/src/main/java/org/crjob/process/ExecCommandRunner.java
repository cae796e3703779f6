package org.crjob.process;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;

/**
 * {@link CommandRunner} on Apache Commons Exec: argument lists, no shell, a watchdog per call that ends the command
 * and what it started at its timeout.
 */
public final class ExecCommandRunner implements CommandRunner {

    /** How long the output pipes may take to drain once the command itself has exited. */
    private static final Duration PIPE_DRAIN_TIMEOUT = Duration.ofSeconds(2);
    private static final Optional<String> SETSID = Programs.find("setsid").map(path -> path.toAbsolutePath().toString());

    @Override
    public CommandResult run(Command command) {
        CapturingStreamHandler streams = new CapturingStreamHandler(PIPE_DRAIN_TIMEOUT);
        Optional<CommandLine> grouped = inOwnGroup(command);
        CommandWatchdog watchdog = new CommandWatchdog(command.timeout(), grouped.isPresent());
        DefaultExecutor executor = DefaultExecutor.builder().setExecuteStreamHandler(streams).get();
        if (command.workDir() != null) {
            executor.setWorkingDirectory(command.workDir().toFile());
        }
        executor.setProcessDestroyer(watchdog);
        executor.setExitValues(null); // every exit code is a result; the caller decides what is a failure
        long started = System.nanoTime();
        int exit;
        try {
            exit = executor.execute(grouped.orElseGet(() -> plainLine(command)), environment(command));
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

    /**
     * The command under {@code setsid}, which makes it the leader of a process group of its own (pgid = its pid),
     * so that a timeout ends all it started: setsid execs the program in place and forks only when it already
     * leads a group, which a child of the JVM (in the JVM's group) never does. Util-linux's program rather than a
     * setsid(2) of ours: Java runs no code of ours between fork and exec. Empty when setsid is missing, or the
     * program is, so that the JVM itself reports the missing program as it always has.
     */
    private static Optional<CommandLine> inOwnGroup(Command command) {
        return SETSID.flatMap(setsid -> Programs.resolve(command.program(), command.workDir())
                .map(program -> withArguments(new CommandLine(setsid).addArgument(program, false), command)));
    }

    private static CommandLine plainLine(Command command) {
        return withArguments(new CommandLine(command.program()), command);
    }

    private static CommandLine withArguments(CommandLine line, Command command) {
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
