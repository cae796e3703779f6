package org.crjob.engine.dmtcp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.crjob.concurrent.Deadline;
import org.crjob.concurrent.Poll;
import org.crjob.engine.CheckpointEngine;
import org.crjob.engine.CheckpointFailedException;
import org.crjob.engine.EngineKind;
import org.crjob.engine.RunningApp;
import org.crjob.engine.store.Capture;
import org.crjob.engine.store.CaptureMode;
import org.crjob.engine.store.Generation;
import org.crjob.engine.store.SnapshotRequest;
import org.crjob.engine.store.StoredFile;
import org.crjob.failure.UnexpectedStateException;
import org.crjob.process.CommandException;
import org.crjob.process.CommandResult;
import org.crjob.process.CommandRunner;

/**
 * Transparent checkpoints with DMTCP: the application runs under {@code dmtcp_launch} against the job's own
 * {@code dmtcp_coordinator} ({@link DmtcpCoordinatorProcess}), and a checkpoint is DMTCP's.
 *
 * <p>A checkpoint: {@code dmtcp_command -c}, then wait (bounded by the application's checkpoint timeout) until
 * the coordinator rewrites its restart script, which it does only once every process has renamed its final
 * image into place, and until {@code -s} says {@code RUNNING=yes} again. ({@code --bcheckpoint} returns before
 * any image exists in DMTCP 3.x/4.x.) The images are the script's {@code given_ckpt_files}, never a glob.
 * Images are linked into the store (each checkpoint writes a new file and renames it: a new inode); the
 * script and the files of each image's {@code _files} directory are copied (rewritten in place). Everything
 * is restored to its original absolute path, where {@code dmtcp_restart} needs it.
 *
 * <p>Two uses: in the crjob coordinator ({@link #start}), which owns the DMTCP coordinator; and in
 * {@code crjob launch}/{@code restart} ({@link #attach}), which find its port in its port file.
 */
public final class DmtcpEngine implements CheckpointEngine {

    /** DMTCP_FAIL_RC: an exit status no ordinary program uses, so DMTCP's failures are told from the program's. */
    public static final int FAIL_RC = 199;
    static final String FILES_SUFFIX = "_files";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final Poll POLL = Poll.every(Duration.ofMillis(20));

    private final DmtcpInstallation dmtcp;
    private final DmtcpPaths paths;
    private final int port;
    private final DmtcpOptions options;
    private final DmtcpCommand command;
    private final DmtcpCoordinatorProcess owned;
    private volatile List<StateFile> lastCaptured = List.of();
    /** Where the coordinator's log stood when the application was launched or restarted: its end is read from there. */
    private volatile long logAtStart;

    private DmtcpEngine(DmtcpInstallation dmtcp, DmtcpPaths paths, int port, DmtcpOptions options,
                        CommandRunner runner, DmtcpCoordinatorProcess owned) {
        this.dmtcp = dmtcp;
        this.paths = paths;
        this.port = port;
        this.options = options;
        this.command = new DmtcpCommand(dmtcp, paths, port, runner);
        this.owned = owned;
        this.logAtStart = DmtcpCoordinatorLog.end(paths.coordinatorLog());
    }

    /** Starts the job's DMTCP coordinator, owned by the engine until {@link #close}. */
    public static DmtcpEngine start(DmtcpInstallation dmtcp, DmtcpPaths paths, CommandRunner runner,
                                    Duration readyTimeout) {
        return start(dmtcp, paths, runner, readyTimeout, DmtcpOptions.DEFAULTS, DmtcpReach.THIS_NODE);
    }

    /**
     * As {@link #start(DmtcpInstallation, DmtcpPaths, CommandRunner, Duration)}, with the user's DMTCP options:
     * their temporary directory for the coordinator, and all of them for the applications this engine launches
     * ({@code crjob run}) and, through {@link DmtcpPaths#optionsFile}, for {@code crjob launch}.
     */
    public static DmtcpEngine start(DmtcpInstallation dmtcp, DmtcpPaths paths, CommandRunner runner,
                                    Duration readyTimeout, DmtcpOptions options, DmtcpReach reach) {
        DmtcpPaths used = options.applyTo(paths);
        DmtcpCoordinatorProcess process = DmtcpCoordinatorProcess.start(dmtcp, used, runner, readyTimeout, reach);
        try {
            options.write(used.optionsFile());
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return new DmtcpEngine(dmtcp, used, process.port(), options, runner, process);
    }

    /**
     * The engine as {@code crjob launch} and {@code crjob restart} use it: the DMTCP coordinator the crjob
     * coordinator started, found through its port file.
     *
     * @param own the DMTCP options of this launch, on top of those the coordinator was started with
     */
    public static DmtcpEngine attach(DmtcpInstallation dmtcp, DmtcpPaths paths, DmtcpOptions own,
                                     CommandRunner runner) {
        Integer port = DmtcpCoordinatorProcess.readPort(paths.portFile());
        if (port == null) {
            throw new UnexpectedStateException("the job's coordinator runs the dmtcp engine, but its DMTCP coordinator"
                    + " has no port file (" + paths.portFile() + "): it has stopped or failed to start; see "
                    + paths.coordinatorLog() + " and restart the coordinator (crjob quit; crjob start-coordinator"
                    + " --engine dmtcp)");
        }
        DmtcpOptions options = own.over(DmtcpOptions.read(paths.optionsFile()));
        return new DmtcpEngine(dmtcp, options.applyTo(paths), port, options, runner, null);
    }

    @Override
    public String name() {
        return EngineKind.DMTCP.id();
    }

    /** DMTCP checkpoints every process under its coordinator, however it was launched. */
    @Override
    public boolean capturesUnregistered() {
        return true;
    }

    public int port() {
        return port;
    }

    public DmtcpPaths paths() {
        return paths;
    }

    @Override
    public SnapshotRequest capture(RunningApp app) {
        return capture(app, false);
    }

    /**
     * DMTCP's {@code -kc}: every process of the computation exits right after writing its image, so the program
     * does no work past the checkpoint that a restart from it would do again (a "step" printed twice).
     */
    @Override
    public boolean applicationSavesItself() {
        return false;
    }

    @Override
    public SnapshotRequest captureAndStop(RunningApp app) {
        return capture(app, true);
    }

    private SnapshotRequest capture(RunningApp app, boolean stop) {
        long started = System.nanoTime();
        Deadline deadline = Deadline.in(app.spec().checkpointTimeout());
        Map<Path, FileTime> before = scripts();
        CommandResult asked = stop ? checkpointAndKill() : dmtcp("-c");
        if (!asked.succeeded()) {
            throw new CheckpointFailedException("DMTCP refused the checkpoint: " + command.describe(asked)
                    + (asked.exitCode() == DmtcpCommand.FAILED ? "; no process is running under the job's DMTCP"
                            + " coordinator (none launched with crjob launch, or it has exited), or a checkpoint or"
                            + " restart is still under way" : ""));
        }
        Path script = awaitRewritten(before, new Wait(deadline, app, stop));
        if (!stop) {
            awaitRunning(new Wait(deadline, app, false));
        }
        List<Path> images = DmtcpRestartScript.images(script);
        List<Capture> files = new ArrayList<>();
        List<StateFile> targets = new ArrayList<>();
        for (Path image : images) {
            if (!Files.isRegularFile(image)) {
                throw new CheckpointFailedException("DMTCP's restart script " + script + " lists the image " + image
                        + ", which does not exist");
            }
            String name = image.getFileName().toString();
            files.add(new Capture(image, name)); // linked: a new inode each checkpoint
            targets.add(new StateFile(name, image));
            for (Path file : filesOf(image)) {
                String stored = name.replaceFirst("\\.dmtcp$", "") + FILES_SUFFIX + "." + file.getFileName();
                files.add(new Capture(file, stored).copied());
                targets.add(new StateFile(stored, file));
            }
        }
        String scriptName = script.getFileName().toString();
        files.add(new Capture(script, scriptName).copied()); // rewritten in place at every checkpoint
        targets.add(new StateFile(scriptName, script));
        lastCaptured = List.copyOf(targets);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("dmtcp.images", Integer.toString(images.size()));
        meta.put("dmtcp.gzip", gzipped(images.get(0)) ? "yes" : "no");
        return new SnapshotRequest(EngineKind.DMTCP.id(), CaptureMode.LINK_OR_COPY, files,
                Duration.ofNanos(System.nanoTime() - started), meta);
    }

    /**
     * {@code dmtcp_command -kc}, which in 4.2 sends 'K' (the checkpoint, processes killed after it) and then 'c',
     * which the checkpoint under way refuses: status 2 and "Computation was checkpointed and killed." even though
     * the images are not written yet, and the same when no process was there to checkpoint. So the computation must
     * be running first, and that answer counts as accepted (an application gone meanwhile fails the wait for its
     * images).
     */
    private CommandResult checkpointAndKill() {
        if (!command.running(COMMAND_TIMEOUT)) {
            throw new CheckpointFailedException("DMTCP refused the checkpoint: the computation is not running"
                    + " (dmtcp_command -s: no process under the job's DMTCP coordinator, or a checkpoint or restart"
                    + " under way)");
        }
        CommandResult asked = dmtcp("-kc");
        if (asked.exitCode() == DmtcpCommand.FAILED && asked.stdout().contains("checkpointed and killed")) {
            return new CommandResult(asked.command(), 0, asked.stdout(), asked.stderr(), asked.elapsed());
        }
        return asked;
    }

    /** The plain files of {@code <image-without-.dmtcp>_files/}, which a restart needs at their original path. */
    static List<Path> filesOf(Path image) {
        String base = image.getFileName().toString().replaceFirst("\\.dmtcp$", "");
        Path dir = image.resolveSibling(base + FILES_SUFFIX);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            List<Path> entries = list.sorted().toList();
            for (Path entry : entries) {
                if (!Files.isRegularFile(entry)) {
                    throw new CheckpointFailedException(dir + " holds " + entry.getFileName() + ", which is not a"
                            + " plain file; this version of crjob stores only plain files of DMTCP's _files"
                            + " directories");
                }
            }
            return entries;
        } catch (IOException e) {
            throw new CheckpointFailedException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private CommandResult dmtcp(String... args) {
        try {
            return command.run(COMMAND_TIMEOUT, args);
        } catch (CommandException e) {
            throw new CheckpointFailedException("dmtcp_command " + String.join(" ", args) + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** Modification times of the per-computation restart scripts now in the image directory. */
    private Map<Path, FileTime> scripts() {
        Map<Path, FileTime> found = new HashMap<>();
        try (Stream<Path> list = Files.list(paths.imageDir())) {
            for (Path p : (Iterable<Path>) list::iterator) {
                if (DmtcpRestartScript.isScriptName(p.getFileName().toString()) && !Files.isSymbolicLink(p)) {
                    try {
                        found.put(p, Files.getLastModifiedTime(p));
                    } catch (IOException e) {
                        // went away meanwhile
                    }
                }
            }
        } catch (IOException e) {
            throw new CheckpointFailedException("cannot list DMTCP's checkpoint directory " + paths.imageDir() + ": "
                    + e.getMessage(), e);
        }
        return found;
    }

    /** The restart script the coordinator wrote (new, or with a new mtime) since {@code before}. */
    private Path awaitRewritten(Map<Path, FileTime> before, Wait wait) {
        while (true) {
            Optional<Path> written = scripts().entrySet().stream()
                    .filter(e -> !e.getValue().equals(before.get(e.getKey())))
                    .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
            if (written.isPresent()) {
                return written.get();
            }
            wait.orFail("DMTCP's restart script was not written in " + paths.imageDir());
        }
    }

    private void awaitRunning(Wait wait) {
        while (!command.running(COMMAND_TIMEOUT)) {
            wait.orFail("DMTCP wrote the images but the computation did not resume (RUNNING=yes)");
        }
    }

    /**
     * One poll of a checkpoint under way: fails it when the deadline has passed, when the DMTCP coordinator this
     * engine owns has died (killed, crashed: nothing more will be written), or when the application has ended
     * (unless it is to end: {@code -kc}; then its images get a short grace to be announced).
     */
    private final class Wait {
        private static final Duration AFTER_STOP = Duration.ofSeconds(10);
        private static final Duration PEERS_EVERY = Duration.ofSeconds(1);
        private final Deadline deadline;
        private final RunningApp app;
        private final boolean appMayEnd;
        private Deadline afterStop; // set once the application has ended
        private Deadline peersCheck = Deadline.in(PEERS_EVERY);

        Wait(Deadline deadline, RunningApp app, boolean appMayEnd) {
            this.deadline = deadline;
            this.app = app;
            this.appMayEnd = appMayEnd;
        }

        void orFail(String what) {
            if (deadline.passed()) {
                throw new CheckpointFailedException(what + " within " + app.spec().checkpointTimeout().toSeconds()
                        + " s (--checkpoint-timeout); DMTCP's coordinator log: " + paths.coordinatorLog());
            }
            if (owned != null && !owned.isAlive()) {
                throw new CheckpointFailedException("dmtcp_coordinator (pid " + owned.pid() + ") ended during the"
                        + " checkpoint, with status " + owned.exitStatus() + " (killed, or it crashed: its log "
                        + paths.coordinatorLog() + " ends: " + DmtcpCoordinatorProcess.tail(paths.coordinatorLog())
                        + "); " + what + "; nothing of this checkpoint is stored");
            }
            if (!appMayEnd && peersCheck.passed()) {
                peersCheck = Deadline.in(PEERS_EVERY);
                if (command.peers(COMMAND_TIMEOUT) == 0) {
                    // DMTCP 4.2 kills a process that forks just as a checkpoint begins (its new connection is
                    // refused): a program started by the job script is not ours to watch, but its coordinator is
                    throw new CheckpointFailedException("every process under the job's DMTCP coordinator exited"
                            + " during the checkpoint; DMTCP's messages are in the job's output or "
                            + paths.launchErrors() + "; " + what);
                }
            }
            if (!app.isRunning()) {
                if (!appMayEnd) {
                    throw new CheckpointFailedException("the application (pid " + app.pid() + ") ended during the"
                            + " DMTCP checkpoint with status " + app.exit().join() + "; " + what);
                }
                afterStop = afterStop == null ? Deadline.in(AFTER_STOP) : afterStop;
                if (afterStop.passed()) {
                    throw new CheckpointFailedException("the application (pid " + app.pid() + ") ended, but " + what
                            + " within " + AFTER_STOP.toSeconds() + " s; DMTCP's coordinator log: "
                            + paths.coordinatorLog());
                }
            }
            try {
                POLL.pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CheckpointFailedException("interrupted while waiting for DMTCP's checkpoint", e);
            }
        }
    }

    @Override
    public List<StateFile> stateFiles(RunningApp app) {
        return lastCaptured;
    }

    /** What the coordinator logs from now on is about the computation about to start. */
    private void watchTheLogFromHere() {
        logAtStart = DmtcpCoordinatorLog.end(paths.coordinatorLog());
    }

    @Override
    public List<String> launchCommand(List<String> appCommand) {
        watchTheLogFromHere();
        List<String> argv = new ArrayList<>(List.of(dmtcp.launch().toString(), "-j", "-h", "localhost", "-p",
                Integer.toString(port), "--ckptdir", paths.imageDir().toString()));
        argv.addAll(options.launchArgs());
        argv.add("-q");
        argv.addAll(appCommand);
        return argv;
    }

    /** {@code dmtcp_restart} on the images the generation's restart script lists, where the restore put them. */
    @Override
    public Optional<List<String>> restartCommand(Generation generation) {
        String script = generation.files().stream().map(StoredFile::name).filter(DmtcpRestartScript::isScriptName)
                .findFirst().orElseThrow(() -> new UnexpectedStateException("generation " + generation.number() + " in "
                        + generation.dir().getParent() + " has no DMTCP restart script; it was not written by the "
                        + "dmtcp engine (it says '" + generation.engine() + "')"));
        List<String> argv = new ArrayList<>(List.of(dmtcp.restart().toString(), "-j", "-h", "localhost", "-p",
                Integer.toString(port), "--ckptdir", paths.imageDir().toString(), "--no-strict-checking"));
        watchTheLogFromHere();
        DmtcpRestartScript.images(generation.file(script)).forEach(p -> argv.add(p.toString()));
        return Optional.of(argv);
    }

    @Override
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("DMTCP_FAIL_RC", Integer.toString(FAIL_RC));
        env.put("DMTCP_TMPDIR", paths.tmpDir().toString());
        env.put(DmtcpOptions.ENV_INTERVAL, "0"); // DMTCP's own periodic images would bypass the store
        if (System.getenv("JALIB_STDERR_PATH") == null) {
            env.put("JALIB_STDERR_PATH", paths.launchErrors().toString());
        }
        return env;
    }

    /**
     * Writes the new run's {@code SLURM_*} and {@code CRJOB_*} variables where DMTCP's modify-env plugin reads them,
     * so a program launched with {@code --modify-env} sees them once restored ({@link DmtcpRestartEnv}).
     */
    @Override
    public void beforeRestart(Path workDir, Map<String, String> env) {
        DmtcpRestartEnv.write(paths, workDir, env);
    }

    /** Whether an image starts with gzip's magic bytes: DMTCP's default, unless launched with --no-gzip. */
    static boolean gzipped(Path image) {
        try (InputStream in = Files.newInputStream(image)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * DMTCP failed ({@code DMTCP_FAIL_RC}: its coordinator was killed, it could not run the program), or ended the computation
     * itself: DMTCP 4.2 gives the processes it kills status 0, so a 0 is the application's own end only when the
     * coordinator's log says of no kill since the launch (or restart) other than crjob's own quit.
     */
    @Override
    public Optional<String> engineFailure(int status) {
        if (status == 0) {
            return DmtcpCoordinatorLog.killSince(paths.coordinatorLog(), logAtStart).map(note -> "DMTCP's coordinator"
                    + " killed the computation (its log " + paths.coordinatorLog() + ": '" + note + "'): someone ran"
                    + " dmtcp_command -k or -q on the job's DMTCP port " + port + ". DMTCP ends the processes it kills"
                    + " with status 0, but the application did not finish its work");
        }
        if (status != FAIL_RC) {
            return Optional.empty();
        }
        return Optional.of("DMTCP failed (exit status " + FAIL_RC + ", crjob's DMTCP_FAIL_RC), not the application:"
                + " see DMTCP's messages in " + paths.launchErrors() + " and its coordinator log "
                + paths.coordinatorLog());
    }

    /** Stops the DMTCP coordinator this engine started, if any. */
    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }
}
