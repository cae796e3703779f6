package org.crjob.engine.dmtcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.crjob.concurrent.Deadline;
import org.crjob.posix.ListeningSocket;
import org.crjob.posix.PosixException;
import org.crjob.posix.Signal;
import org.crjob.process.CommandException;
import org.crjob.process.CommandRunner;
import org.crjob.process.ProcessEnd;
import org.crjob.process.SpawnedProcess;

/**
 * The job's {@code dmtcp_coordinator}, a child of the crjob coordinator. Never {@code --daemon}: a daemon is
 * re-parented to init and escapes the job (proctrack/linuxproc). No {@code --exit-on-last} either: the crjob
 * coordinator decides when the job's checkpointing ends, and a restart needs the DMTCP coordinator up before
 * any process has joined it.
 *
 * <p>It runs for the whole job, so it is a {@link SpawnedProcess} rather than a command of the
 * {@link CommandRunner}, which is for short-lived commands that it runs to their end: started with a listening socket
 * crjob bound (see {@link DmtcpReach}); its output goes to a log file, not a pipe (DMTCP drops its messages when
 * stderr is a pipe, and nobody would drain one).
 */
public final class DmtcpCoordinatorProcess implements AutoCloseable {
    private static final long POLL_MILLIS = 25;
    private static final Duration QUIT_TIMEOUT = Duration.ofSeconds(10);
    /** How long it gets to end after the quit, then after TERM, and for KILL to land. */
    private static final Duration STOP_STEP = Duration.ofSeconds(5);
    /** DMTCP's PROTECTED_COORD_FD (protectedfds.h, 4.2 and 5.0): a listener open there is used instead of a new one. */
    private static final int INHERITED_LISTENER_FD = 821;

    private final Process process;
    private final int port;
    private final DmtcpPaths paths;
    private final DmtcpCommand command;
    private final Thread hook;

    private DmtcpCoordinatorProcess(Process process, int port, DmtcpPaths paths, DmtcpCommand command) {
        this.process = process;
        this.port = port;
        this.paths = paths;
        this.command = command;
        this.hook = new Thread(this::stop, "crjob-dmtcp-coordinator-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts it on a free port and returns once its port file is written.
     *
     * @throws DmtcpStartException when it exits first, or is not ready within {@code readyTimeout}
     */
    public static DmtcpCoordinatorProcess start(DmtcpInstallation dmtcp, DmtcpPaths paths, CommandRunner runner,
                                                Duration readyTimeout, DmtcpReach reach) {
        try {
            // --ckptdir must exist: a coordinator given a missing one crashes after the first images are written
            Files.createDirectories(paths.imageDir());
            Files.createDirectories(paths.tmpDir());
            Files.deleteIfExists(paths.portFile()); // a stale one would give a dead coordinator's port
        } catch (IOException e) {
            throw new DmtcpStartException("cannot prepare DMTCP's directories (" + paths.imageDir() + ", "
                    + paths.tmpDir() + "): " + e.getMessage(), e);
        }
        // --port 0 is not used: the coordinator takes the socket crjob bound for it from fd 821 (DmtcpReach)
        List<String> argv = List.of(dmtcp.coordinator().toString(), "--port", "0", "--port-file",
                paths.portFile().toString(), "--ckptdir", paths.imageDir().toString());
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DMTCP_TMPDIR", paths.tmpDir().toString());
        Process process;
        try (ListeningSocket socket = ListeningSocket.open(reach == DmtcpReach.THIS_NODE)) {
            process = SpawnedProcess.start(argv, env, paths.coordinatorLog(), socket, INHERITED_LISTENER_FD);
        } catch (PosixException e) {
            throw new DmtcpStartException("cannot start " + argv.get(0) + ": " + e.getMessage(), e);
        }
        int port;
        try {
            port = awaitPort(process, paths, readyTimeout);
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        return new DmtcpCoordinatorProcess(process, port, paths, new DmtcpCommand(dmtcp, paths, port, runner));
    }

    /** Polls (every 25 ms, bounded) for the non-empty port file, which the coordinator writes once it listens. */
    private static int awaitPort(Process process, DmtcpPaths paths, Duration timeout) {
        Deadline deadline = Deadline.in(timeout);
        while (true) {
            Integer port = readPort(paths.portFile());
            if (port != null) {
                return port;
            }
            if (!process.isAlive()) {
                throw new DmtcpStartException("dmtcp_coordinator exited with status " + process.exitValue()
                        + " before it wrote its port file " + paths.portFile() + "; its log "
                        + paths.coordinatorLog() + " ends: " + tail(paths.coordinatorLog()), null);
            }
            if (deadline.passed()) {
                throw new DmtcpStartException("dmtcp_coordinator did not write its port file " + paths.portFile()
                        + " within " + timeout.toSeconds() + " s; its log " + paths.coordinatorLog() + " ends: "
                        + tail(paths.coordinatorLog()), null);
            }
            try {
                process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DmtcpStartException("interrupted while starting dmtcp_coordinator", e);
            }
        }
    }

    /** The port the file holds (bare digits, no newline), or null while it is absent, empty or partly written. */
    static Integer readPort(Path portFile) {
        try {
            String text = Files.readString(portFile).trim();
            int port = Integer.parseInt(text);
            return port > 0 && port < 65536 ? port : null;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "(empty)"
                    : String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Its exit status once it has ended; a description while it runs. */
    public String exitStatus() {
        return process.isAlive() ? "(still running)" : Integer.toString(process.exitValue());
    }

    DmtcpCommand command() {
        return command;
    }

    /** Quits it ({@code dmtcp_command -q}, which also ends the processes under it), then kills it if need be. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down: the hook runs stop() itself
        }
        stop();
    }

    private void stop() {
        if (process.isAlive()) {
            DmtcpCoordinatorLog.markCrjobQuit(paths.coordinatorLog()); // so this quit is not taken for a stranger's
            try {
                command.run(QUIT_TIMEOUT, "-q");
            } catch (CommandException | IllegalStateException e) {
                // it does not answer: killed below
            }
            try {
                if (!process.waitFor(STOP_STEP.toMillis(), TimeUnit.MILLISECONDS)) {
                    ProcessEnd.end(ProcessEnd.process(process), Signal.TERM, STOP_STEP, STOP_STEP);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(paths.portFile());
        } catch (IOException e) {
            // a stale port file is refused by crjob launch once the crjob coordinator is gone
        }
    }
}
