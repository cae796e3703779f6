package org.crjob.engine.dmtcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.crjob.engine.coordinator.RestartInfo;
import org.crjob.engine.launch.RestartPlan;
import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.engine.protocol.JobPaths;
import org.crjob.engine.store.CheckpointStore;
import org.crjob.engine.store.Generation;
import org.crjob.engine.store.StoredFile;

/**
 * For job scripts that run DMTCP's own commands, as NERSC's do ({@code dmtcp_launch -j ./payload.sh &}, and
 * after a requeue {@code ./dmtcp_restart_script.sh &}): what {@code crjob start-coordinator --engine dmtcp} exports
 * so they run under the job's real {@code dmtcp_coordinator}, which crjob checkpoints into the store, and the
 * newest generation put back for the restart script.
 */
public final class DmtcpJobScript {
    /** NERSC's scripts restart with {@code ./dmtcp_restart_script.sh} from the job's working directory. */
    public static final String RESTART_SCRIPT_LINK = "dmtcp_restart_script.sh";

    private DmtcpJobScript() {
    }

    /**
     * The variables for the script's own DMTCP commands: the DMTCP coordinator's host and port, its image directory
     * in the store ({@code DMTCP_CHECKPOINT_DIR}), the job's {@code DMTCP_TMPDIR}, the variables carrying the
     * options the coordinator was started with ({@link DmtcpOptions#scriptEnvironment}); and the new run's variables
     * written for a restart of a program launched with {@code --modify-env}.
     *
     * @param crjobExports crjob's own variables the script will have (CRJOB_JOB_ID, ...)
     */
    public static Map<String, String> environment(CoordinatorInfo coordinator, Map<String, String> crjobExports) {
        DmtcpPaths paths = paths(coordinator);
        DmtcpOptions options = DmtcpOptions.read(paths.optionsFile());
        Integer port = DmtcpCoordinatorProcess.readPort(paths.portFile());
        if (port == null) {
            throw new IllegalStateException("the coordinator started, but its dmtcp_coordinator has no port file "
                    + paths.portFile() + "; see " + paths.coordinatorLog());
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DMTCP_COORD_HOST", coordinator.host());
        env.put("DMTCP_COORD_PORT", Integer.toString(port));
        env.put("DMTCP_CHECKPOINT_DIR", paths.imageDir().toString());
        env.put("DMTCP_TMPDIR", paths.tmpDir().toString());
        env.putAll(options.scriptEnvironment());
        Map<String, String> script = new java.util.HashMap<>(System.getenv());
        script.putAll(crjobExports);
        script.putAll(env);
        DmtcpRestartEnv.write(paths, coordinator.workDir(), script); // for its own ./dmtcp_restart_script.sh
        return env;
    }

    /** The options of the job's DMTCP coordinator that a script's own {@code dmtcp_launch} cannot get by variable. */
    public static List<String> optionsForTheLaunchLine(CoordinatorInfo coordinator) {
        return DmtcpOptions.read(paths(coordinator).optionsFile()).launchOnlyWithoutVariable();
    }

    private static DmtcpPaths paths(CoordinatorInfo coordinator) {
        DmtcpPaths defaults = DmtcpPaths.of(new JobPaths(coordinator.workDir(), coordinator.jobId()),
                coordinator.ckptDir());
        return DmtcpOptions.read(defaults.optionsFile()).applyTo(defaults);
    }

    /**
     * Puts the newest complete generation's images, {@code _files} and restart script back at their original
     * absolute paths and points {@code <workDir>/dmtcp_restart_script.sh} (a symbolic link) at that restart script,
     * which connects to the coordinator named by {@code DMTCP_COORD_HOST}/{@code DMTCP_COORD_PORT}. A regular file
     * of that name (not crjob's link) is left alone, with a warning.
     *
     * @return the link, or empty when the store has no DMTCP generation that verifies
     */
    public static Optional<Path> restoreForScriptRestart(Path ckptDir, Path workDir, int restarts,
                                                         Consumer<String> log) {
        if (CheckpointStore.read(ckptDir).newestVerified(s -> { }).filter(g -> DmtcpEngine.NAME.equals(g.engine()))
                .isEmpty()) {
            return Optional.empty();
        }
        Generation generation = RestartPlan.prepare(ckptDir, List.of(), Math.max(1, restarts), log).generation();
        String scriptName = generation.files().stream().map(StoredFile::name)
                .filter(DmtcpRestartScript::isScriptName).findFirst().orElseThrow(() -> new IllegalStateException(
                        "generation " + generation.number() + " has no DMTCP restart script"));
        Path script = RestartInfo.of(generation).targets().get(scriptName);
        Path link = workDir.resolve(RESTART_SCRIPT_LINK);
        try {
            if (Files.exists(link, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(link)) {
                log.accept("warning: " + link + " is not crjob's link, left alone; the restart script of checkpoint"
                        + " generation " + generation.number() + " is " + script);
                return Optional.empty();
            }
            Path temp = workDir.resolve("." + RESTART_SCRIPT_LINK + ".crjob-tmp");
            Files.deleteIfExists(temp);
            Files.createSymbolicLink(temp, script);
            Files.move(temp, link, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot link " + link + " to " + script + ": " + e.getMessage(), e);
        }
        log.accept("checkpoint generation " + generation.number() + " restored for ./" + RESTART_SCRIPT_LINK);
        return Optional.of(link);
    }
}
