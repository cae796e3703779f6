package org.crjob.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An external command as a value: the argument vector (never a shell line), its time limit, and
 * optionally a working directory and extra environment variables.
 */
public record Command(List<String> argv, Duration timeout, Path workDir, Map<String, String> extraEnv) {

    /** Long enough for a busy slurmctld, short enough that a hung one never eats a job's last minute. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public Command {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least a program name");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        extraEnv = Map.copyOf(extraEnv);
    }

    public static Command of(String... argv) {
        return of(List.of(argv));
    }

    public static Command of(List<String> argv) {
        return new Command(argv, DEFAULT_TIMEOUT, null, Map.of());
    }

    public Command withTimeout(Duration newTimeout) {
        return new Command(argv, newTimeout, workDir, extraEnv);
    }

    public Command inDirectory(Path dir) {
        return new Command(argv, timeout, dir, extraEnv);
    }

    public Command withEnv(Map<String, String> env) {
        return new Command(argv, timeout, workDir, env);
    }

    public String program() {
        return argv.get(0);
    }

    /** The command as a user could paste it into a shell: for error messages only, never executed. */
    public String display() {
        return argv.stream().map(Command::shellQuote).collect(Collectors.joining(" "));
    }

    /**
     * {@code arg} as one word of a POSIX shell line: as it is when it is plainly safe, else in single
     * quotes, so no value can run a command when the line is eval'ed.
     */
    public static String shellQuote(String arg) {
        if (!arg.isEmpty() && arg.matches("[A-Za-z0-9_@%+=:,./-]+")) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
