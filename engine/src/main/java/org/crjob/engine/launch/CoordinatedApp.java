package org.crjob.engine.launch;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.crjob.engine.AppSpec;
import org.crjob.engine.CheckpointEngine;
import org.crjob.engine.coordinator.CoordinatorLocator;
import org.crjob.engine.coordinator.Engines;
import org.crjob.engine.dmtcp.DmtcpOptions;
import org.crjob.engine.jobfiles.EventLog;
import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.engine.protocol.CoordinatorClient;
import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.joblog.JobLog;
import org.crjob.slurm.JobEnv;

/**
 * {@code crjob launch} and {@code crjob restart}: the application started under the job's coordinator, which runs
 * in another process (start-coordinator's daemon), registered with it, watched until its work ends, and started
 * again in place each time it saves and quits when asked for a checkpoint.
 */
public record CoordinatedApp(CoordinatorInfo coordinator, CheckpointEngine engine, Path workDir, int restarts,
                             JobLog log) {

    /**
     * The job's coordinator with its engine attached.
     *
     * @param coordinator the job's coordinator ({@link CoordinatorLocator})
     * @param dmtcp       the DMTCP options given to this command
     * @param env         the job's environment: how many times it has restarted
     * @param workDir     the job's working directory, where the application starts
     */
    public static CoordinatedApp attach(CoordinatorInfo coordinator, DmtcpOptions dmtcp, JobEnv env, Path workDir,
                                        JobLog log) {
        return new CoordinatedApp(coordinator, Engines.attach(coordinator, dmtcp), workDir,
                Math.max(1, env.restartCount()), log);
    }

    /** How the application ended: its exit status, and why the engine ended it, when it did (its work is not done). */
    public record AppEnd(int status, Optional<String> engineFailure) {
    }

    /** {@code crjob launch}: a first start of {@code spec}'s command. */
    public AppEnd launch(AppSpec spec) {
        AppStarts starts = starts(coordinator.ckptDir(), false);
        ApplicationRun.Start first = starts.launch(spec, Map.of());
        log.event("launching " + String.join(" ", spec.command())
                + (first.argv().equals(spec.command()) ? "" : " under " + engine.name()));
        return run(starts, first);
    }

    /**
     * {@code crjob restart}: from the newest generation that verifies.
     *
     * @param ckptDir         where the generations are; without one, the coordinator's checkpoint directory
     * @param trustUnverified restart from a generation without a sha256 for every file rather than fall back
     */
    public AppEnd restart(AppStarts.RestartRequest request, Optional<Path> ckptDir, boolean trustUnverified) {
        Path dir = ckptDir.orElse(coordinator.ckptDir());
        AppStarts starts = starts(dir, trustUnverified);
        AppStarts.Restored restored = starts.restartAsRecorded(request, restarts);
        log.event("restarting from checkpoint generation " + restored.generation().number() + " ("
                + restored.generation().dir() + "): " + String.join(" ", restored.start().spec().command()));
        return run(starts, restored.start());
    }

    /** From the job's working directory: a DMTCP-restored process keeps dmtcp_restart's cwd and stdio. */
    private AppStarts starts(Path ckptDir, boolean trustUnverified) {
        EventLog events = new EventLog(new JobPaths(coordinator.workDir(), coordinator.jobId()).eventsFile(), log);
        return new AppStarts(engine, coordinator, ckptDir, workDir, trustUnverified, events, log);
    }

    private AppEnd run(AppStarts starts, ApplicationRun.Start first) {
        int status = starts.watched(new RemoteRegistry(CoordinatorClient.of(coordinator)), first.spec(), restarts)
                .run(first);
        return new AppEnd(status, engine.engineFailure(status));
    }
}
