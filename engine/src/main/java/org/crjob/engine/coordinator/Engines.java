package org.crjob.engine.coordinator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.crjob.engine.CheckpointEngine;
import org.crjob.engine.EngineKind;
import org.crjob.engine.dmtcp.DmtcpEngine;
import org.crjob.engine.dmtcp.DmtcpInstallation;
import org.crjob.engine.dmtcp.DmtcpOptions;
import org.crjob.engine.dmtcp.DmtcpPaths;
import org.crjob.engine.dmtcp.DmtcpReach;
import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.engine.signal.SignalEngine;
import org.crjob.process.ExecCommandRunner;

/**
 * The checkpoint engines by name ({@link EngineKind}): started by the coordinator, attached to by launch and restart.
 */
public final class Engines {
    /** How long the DMTCP coordinator gets to write its port file. */
    private static final Duration DMTCP_READY = Duration.ofSeconds(20);

    private Engines() {
    }

    /**
     * Fails at once, with a message saying what to do, when {@code name} is no engine or cannot run here
     * (DMTCP not installed): before anything is started.
     */
    public static void requireAvailable(String name) {
        if (EngineKind.of(name) == EngineKind.DMTCP) {
            DmtcpInstallation.find();
        }
    }

    /**
     * The engine a coordinator checkpoints with; for dmtcp this starts the job's dmtcp_coordinator, with the DMTCP
     * options of {@code config} (also for what it launches, in {@code crjob run}), reachable from the nodes of the job
     * whose environment is {@code jobEnv} ({@link DmtcpReach}).
     */
    public static CheckpointEngine start(CoordinatorConfig config, Map<String, String> jobEnv) {
        requireAvailable(config.engine());
        if (EngineKind.DMTCP.is(config.engine())) {
            return DmtcpEngine.start(DmtcpInstallation.find(), dmtcpPaths(config.workDir(), config.jobId(),
                    config.ckptDir()), new ExecCommandRunner(), DMTCP_READY, config.dmtcp(),
                    DmtcpReach.of(jobEnv));
        }
        return new SignalEngine();
    }

    /**
     * The engine of a running coordinator, as {@code crjob launch} and {@code crjob restart} use it.
     *
     * @param dmtcp dmtcp engine: this command's own DMTCP options, on top of the coordinator's
     */
    public static CheckpointEngine attach(CoordinatorInfo coordinator, DmtcpOptions dmtcp) {
        requireAvailable(coordinator.engine());
        if (EngineKind.DMTCP.is(coordinator.engine())) {
            return DmtcpEngine.attach(DmtcpInstallation.find(), dmtcpPaths(coordinator.workDir(),
                    coordinator.jobId(), coordinator.ckptDir()), dmtcp, new ExecCommandRunner());
        }
        return new SignalEngine();
    }

    private static DmtcpPaths dmtcpPaths(Path workDir, String jobId, Path ckptDir) {
        return DmtcpPaths.of(new JobPaths(workDir, jobId), ckptDir);
    }
}
