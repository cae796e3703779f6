package org.crjob.engine.dmtcp;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.failure.UnexpectedStateException;

/**
 * For job scripts that run DMTCP's own commands, as NERSC's do ({@code dmtcp_launch -j ./payload.sh &}, and
 * after a requeue {@code ./dmtcp_restart_script.sh &}): what {@code crjob start-coordinator --engine dmtcp} exports
 * so they run under the job's real {@code dmtcp_coordinator}, which crjob checkpoints into the store. The newest
 * generation is put back for the restart script by {@code launch.DmtcpScriptRestart}.
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
     * @param jobEnv       the environment of the job script that starts the coordinator: its node count, and the
     *                     {@code SLURM_*} variables for the restart
     */
    public static Map<String, String> environment(CoordinatorInfo coordinator, Map<String, String> crjobExports,
                                                  Map<String, String> jobEnv) {
        DmtcpPaths paths = paths(coordinator);
        DmtcpOptions options = DmtcpOptions.read(paths.optionsFile());
        Integer port = DmtcpCoordinatorProcess.readPort(paths.portFile());
        if (port == null) {
            throw new UnexpectedStateException("the coordinator started, but its dmtcp_coordinator has no port file "
                    + paths.portFile() + "; see " + paths.coordinatorLog());
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DMTCP_COORD_HOST", DmtcpReach.of(jobEnv).host(coordinator.host()));
        env.put("DMTCP_COORD_PORT", Integer.toString(port));
        env.put("DMTCP_CHECKPOINT_DIR", paths.imageDir().toString());
        env.put("DMTCP_TMPDIR", paths.tmpDir().toString());
        env.putAll(options.scriptEnvironment());
        Map<String, String> script = new HashMap<>(jobEnv);
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
}
