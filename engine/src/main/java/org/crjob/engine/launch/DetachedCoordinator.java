package org.crjob.engine.launch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crjob.engine.EngineKind;
import org.crjob.engine.coordinator.CommandWrapper;
import org.crjob.engine.coordinator.CoordinatorConfig;
import org.crjob.engine.coordinator.CoordinatorLocator;
import org.crjob.engine.coordinator.CoordinatorStarter;
import org.crjob.engine.coordinator.Engines;
import org.crjob.engine.dmtcp.DmtcpJobScript;
import org.crjob.engine.dmtcp.DmtcpOptions;
import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.joblog.JobLog;
import org.crjob.slurm.JobEnv;

/**
 * {@code crjob start-coordinator}: the job's coordinator started as a detached daemon, the login-node commands
 * written beside the job ({@code crjob_command.<jobid>}, and NERSC's {@code dmtcp_command.<jobid>} for DMTCP), and
 * the variables later commands of the job script need. In {@code launch} rather than {@code coordinator}: for DMTCP
 * it also restores the newest generation for a job script's own {@code dmtcp_restart_script.sh}.
 */
public final class DetachedCoordinator {
    /** How long the daemon gets to say it is listening. */
    private static final Duration READY = Duration.ofSeconds(30);

    private DetachedCoordinator() {
    }

    /**
     * What start-coordinator was given.
     *
     * @param stopWithApp stop once the application exits (not {@code --stay})
     */
    public record Request(String engine, Duration interval, Path ckptDir, int keep, int port, boolean stopWithApp,
                          DmtcpOptions dmtcp) {
    }

    /**
     * The coordinator started.
     *
     * @param exports  what the job script exports: crjob's variables, then DMTCP's for its own DMTCP commands
     * @param dmtcpEnv DMTCP's variables alone (none for the signal engine)
     */
    public record Started(String jobId, CoordinatorInfo info, Path stateFile, Map<String, String> exports,
                          Map<String, String> dmtcpEnv) {
    }

    /**
     * @param env      the command's environment: the job it runs in, its restart count
     * @param workDir  the job's working directory
     * @param launcher how the login-node commands run crjob
     */
    public static Started start(Request request, Map<String, String> env, Path workDir, String launcher,
                                JobLog log) {
        Engines.requireAvailable(request.engine()); // DMTCP missing: fail here, at once, not in the detached daemon
        String jobId = CoordinatorLocator.currentJobId(env);
        CoordinatorConfig config = new CoordinatorConfig(jobId, request.engine(), workDir, request.ckptDir(),
                request.keep(), request.interval(), request.stopWithApp(), Duration.ofSeconds(30), request.dmtcp());
        CoordinatorInfo info = CoordinatorStarter.start(config, request.port(), READY);
        JobPaths paths = new JobPaths(workDir, jobId);
        CommandWrapper.write(paths.commandWrapper(), jobId, launcher);
        Map<String, String> exports = new LinkedHashMap<>();
        exports.put(CoordinatorLocator.ENV_JOB_ID, jobId);
        exports.put(CoordinatorLocator.ENV_STATE_FILE, paths.stateFile().toString());
        exports.put("CRJOB_COORD_HOST", info.host());
        exports.put("CRJOB_COORD_PORT", Integer.toString(info.port()));
        Map<String, String> dmtcpEnv = new LinkedHashMap<>();
        if (EngineKind.DMTCP.is(request.engine())) {
            CommandWrapper.writeDmtcp(paths.dmtcpCommandWrapper(), jobId, launcher); // NERSC's login-node command
            dmtcpEnv.putAll(dmtcpEnvironment(info, workDir, exports, env, log));
        }
        Map<String, String> all = new LinkedHashMap<>(exports);
        all.putAll(dmtcpEnv);
        return new Started(jobId, info, paths.stateFile(), all, dmtcpEnv);
    }

    /**
     * For job scripts that run DMTCP's own commands (NERSC's {@code dmtcp_launch -j ./payload.sh &} and
     * {@code ./dmtcp_restart_script.sh &}): the variables that make them use the job's real dmtcp_coordinator
     * (which crjob checkpoints) and its options; and, when the store holds a DMTCP generation, that generation
     * restored with ./dmtcp_restart_script.sh linked to its script.
     */
    private static Map<String, String> dmtcpEnvironment(CoordinatorInfo info, Path workDir,
                                                        Map<String, String> exports, Map<String, String> jobEnv,
                                                        JobLog log) {
        Map<String, String> env = DmtcpJobScript.environment(info, exports, jobEnv);
        DmtcpScriptRestart.restore(info.ckptDir(), workDir, new JobEnv(jobEnv).restartCount(), log);
        List<String> onTheLine = DmtcpJobScript.optionsForTheLaunchLine(info);
        if (!onTheLine.isEmpty()) {
            log.event(String.join(" ", onTheLine) + ": used by crjob launch and crjob run; a job script's own"
                    + " dmtcp_launch needs them on its command line (DMTCP has no variable for them)");
        }
        return env;
    }
}
