package org.crjob.engine.dmtcp;

import java.io.IOException;
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
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.crjob.engine.CheckpointEngine;
import org.crjob.engine.CheckpointFailedException;
import org.crjob.engine.coordinator.RunningApp;
import org.crjob.engine.store.Capture;
import org.crjob.engine.store.CaptureMode;
import org.crjob.engine.store.Generation;
import org.crjob.engine.store.SnapshotRequest;
import org.crjob.engine.store.StoredFile;
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

    public static final String NAME = "dmtcp";
    /** DMTCP_FAIL_RC: an exit status no ordinary program uses, so DMTCP's failures are told from the program's. */
    public static final int FAIL_RC = 199;
    static final String FILES_SUFFIX = "_files";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 50;

    private final DmtcpInstallation dmtcp;
    private final DmtcpPaths paths;
    private final int port;
    private final boolean gzip;
    private final DmtcpCommand command;
    private final DmtcpCoordinatorProcess owned;
    private volatile List<StateFile> lastCaptured = List.of();

    private DmtcpEngine(DmtcpInstallation dmtcp, DmtcpPaths paths, int port, boolean gzip, CommandRunner runner,
                        DmtcpCoordinatorProcess owned) {
        this.dmtcp = dmtcp;
        this.paths = paths;
        this.port = port;
        this.gzip = gzip;
        this.command = new DmtcpCommand(dmtcp, paths, port, runner);
        this.owned = owned;
    }

    /** Starts the job's DMTCP coordinator, owned by the engine until {@link #close}. */
    public static DmtcpEngine start(DmtcpInstallation dmtcp, DmtcpPaths paths, CommandRunner runner,
                                    Duration readyTimeout) {
        return start(dmtcp, paths, runner, readyTimeout, true);
    }

    /**
     * As {@link #start(DmtcpInstallation, DmtcpPaths, CommandRunner, Duration)}, for an engine that also launches
     * the application ({@code crjob run}).
     *
     * @param gzip false for {@code --no-gzip}
     */
    public static DmtcpEngine start(DmtcpInstallation dmtcp, DmtcpPaths paths, CommandRunner runner,
                                    Duration readyTimeout, boolean gzip) {
        DmtcpCoordinatorProcess process = DmtcpCoordinatorProcess.start(dmtcp, paths, runner, readyTimeout);
        return new DmtcpEngine(dmtcp, paths, process.port(), gzip, runner, process);
    }

    /**
     * The engine as {@code crjob launch} and {@code crjob restart} use it: the DMTCP coordinator the crjob
     * coordinator started, found through its port file.
     *
     * @param gzip false for {@code --no-gzip} (much faster on incompressible memory)
     */
    public static DmtcpEngine attach(DmtcpInstallation dmtcp, DmtcpPaths paths, boolean gzip, CommandRunner runner) {
        Integer port = DmtcpCoordinatorProcess.readPort(paths.portFile());
        if (port == null) {
            throw new IllegalStateException("the job's coordinator runs the dmtcp engine, but its DMTCP coordinator"
                    + " has no port file (" + paths.portFile() + "): it has stopped or failed to start; see "
                    + paths.coordinatorLog() + " and restart the coordinator (crjob quit; crjob start-coordinator"
                    + " --engine dmtcp)");
        }
        return new DmtcpEngine(dmtcp, paths, port, gzip, runner, null);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** DMTCP checkpoints every process under its coordinator, however it was launched. */
    @Override
    public boolean capturesUnregistered() {
        return true;
    }

    /** The port of the job's running DMTCP coordinator, from its port file; empty when it has none. */
    public static OptionalInt coordinatorPort(DmtcpPaths paths) {
        Integer port = DmtcpCoordinatorProcess.readPort(paths.portFile());
        return port == null ? OptionalInt.empty() : OptionalInt.of(port);
    }

    /** NERSC's scripts restart with {@code ./dmtcp_restart_script.sh} from the job's working directory. */
    public static final String RESTART_SCRIPT_LINK = "dmtcp_restart_script.sh";

    /**
     * For job scripts that restart DMTCP themselves (NERSC's {@code ./dmtcp_restart_script.sh &}): puts the newest
     * complete generation's images, {@code _files} and restart script back at their original absolute paths and
     * points {@code <workDir>/dmtcp_restart_script.sh} (a symbolic link) at that restart script, which connects to
     * the coordinator named by {@code DMTCP_COORD_HOST}/{@code DMTCP_COORD_PORT}. A regular file of that name
     * (not crjob's link) is left alone, with a warning.
     *
     * @return the link, or empty when the store has no DMTCP generation that verifies
     */
    public static Optional<Path> restoreForScriptRestart(Path ckptDir, Path workDir, int restarts,
                                                         java.util.function.Consumer<String> log) {
        org.crjob.engine.store.StoreReader store = org.crjob.engine.store.CheckpointStore.read(ckptDir);
        if (store.newestVerified(s -> { }).filter(g -> NAME.equals(g.engine())).isEmpty()) {
            return Optional.empty();
        }
        org.crjob.engine.launch.RestartPlan plan = org.crjob.engine.launch.RestartPlan.prepare(ckptDir, List.of(),
                Math.max(1, restarts), log);
        Generation generation = plan.generation();
        String scriptName = generation.files().stream().map(StoredFile::name)
                .filter(DmtcpRestartScript::isScriptName).findFirst().orElseThrow(() -> new IllegalStateException(
                        "generation " + generation.number() + " has no DMTCP restart script"));
        Path script = org.crjob.engine.coordinator.RestartInfo.of(generation).targets().get(scriptName);
        Path link = workDir.resolve(RESTART_SCRIPT_LINK);
        try {
            if (Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(link)) {
                log.accept("warning: " + link + " is not crjob's link, left alone; the restart script of checkpoint"
                        + " generation " + generation.number() + " is " + script);
                return Optional.empty();
            }
            Path temp = workDir.resolve("." + RESTART_SCRIPT_LINK + ".crjob-tmp");
            Files.deleteIfExists(temp);
            Files.createSymbolicLink(temp, script);
            Files.move(temp, link, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot link " + link + " to " + script + ": " + e.getMessage(), e);
        }
        log.accept("checkpoint generation " + generation.number() + " restored for ./" + RESTART_SCRIPT_LINK);
        return Optional.of(link);
    }

    public int port() {
        return port;
    }

    public DmtcpPaths paths() {
        return paths;
    }

    @Override
    public SnapshotRequest capture(RunningApp app) {
        long started = System.nanoTime();
        long deadline = started + app.spec().checkpointTimeout().toNanos();
        Map<Path, FileTime> before = scripts();
        CommandResult asked = dmtcp("-c");
        if (!asked.succeeded()) {
            throw new CheckpointFailedException("DMTCP refused the checkpoint: " + command.describe(asked)
                    + (asked.exitCode() == DmtcpCommand.FAILED ? "; no process is running under the job's DMTCP"
                            + " coordinator (none launched with crjob launch, or it has exited), or a checkpoint or"
                            + " restart is still under way" : ""));
        }
        Path script = awaitRewritten(before, deadline, app);
        awaitRunning(deadline, app);
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
        meta.put("dmtcp.gzip", gzip ? "default" : "no");
        return new SnapshotRequest(NAME, CaptureMode.LINK_OR_COPY, files,
                Duration.ofNanos(System.nanoTime() - started), meta);
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
    private Path awaitRewritten(Map<Path, FileTime> before, long deadline, RunningApp app) {
        while (true) {
            Optional<Path> written = scripts().entrySet().stream()
                    .filter(e -> !e.getValue().equals(before.get(e.getKey())))
                    .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
            if (written.isPresent()) {
                return written.get();
            }
            waitOrFail(deadline, app, "DMTCP's restart script was not written in " + paths.imageDir());
        }
    }

    private void awaitRunning(long deadline, RunningApp app) {
        while (!command.running(COMMAND_TIMEOUT)) {
            waitOrFail(deadline, app, "DMTCP wrote the images but the computation did not resume (RUNNING=yes)");
        }
    }

    private void waitOrFail(long deadline, RunningApp app, String what) {
        if (System.nanoTime() - deadline > 0) {
            throw new CheckpointFailedException(what + " within " + app.spec().checkpointTimeout().toSeconds()
                    + " s (--checkpoint-timeout); DMTCP's coordinator log: " + paths.coordinatorLog());
        }
        if (!app.isRunning()) {
            throw new CheckpointFailedException("the application (pid " + app.pid() + ") ended during the DMTCP"
                    + " checkpoint with status " + app.exit().join() + "; " + what);
        }
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CheckpointFailedException("interrupted while waiting for DMTCP's checkpoint", e);
        }
    }

    @Override
    public List<StateFile> stateFiles(RunningApp app) {
        return lastCaptured;
    }

    @Override
    public List<String> launchCommand(List<String> appCommand) {
        List<String> argv = new ArrayList<>(List.of(dmtcp.launch().toString(), "-j", "-h", "localhost", "-p",
                Integer.toString(port), "--ckptdir", paths.imageDir().toString()));
        if (!gzip) {
            argv.add("--no-gzip");
        }
        argv.add("-q");
        argv.addAll(appCommand);
        return argv;
    }

    /** {@code dmtcp_restart} on the images the generation's restart script lists, where the restore put them. */
    @Override
    public Optional<List<String>> restartCommand(Generation generation) {
        String script = generation.files().stream().map(StoredFile::name).filter(DmtcpRestartScript::isScriptName)
                .findFirst().orElseThrow(() -> new IllegalStateException("generation " + generation.number() + " in "
                        + generation.dir().getParent() + " has no DMTCP restart script; it was not written by the "
                        + "dmtcp engine (it says '" + generation.engine() + "')"));
        List<String> argv = new ArrayList<>(List.of(dmtcp.restart().toString(), "-j", "-h", "localhost", "-p",
                Integer.toString(port), "--ckptdir", paths.imageDir().toString(), "--no-strict-checking"));
        DmtcpRestartScript.images(generation.file(script)).forEach(p -> argv.add(p.toString()));
        return Optional.of(argv);
    }

    @Override
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("DMTCP_FAIL_RC", Integer.toString(FAIL_RC));
        env.put("DMTCP_TMPDIR", paths.tmpDir().toString());
        if (System.getenv("JALIB_STDERR_PATH") == null) {
            env.put("JALIB_STDERR_PATH", paths.launchErrors().toString());
        }
        return env;
    }

    @Override
    public Optional<String> engineFailure(int status) {
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
