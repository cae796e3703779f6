package org.crjob.engine.dmtcp;

import java.nio.file.Path;
import org.crjob.engine.protocol.JobPaths;

/**
 * Where one job's DMTCP files go.
 *
 * @param imageDir the coordinator's {@code --ckptdir}: inside the crjob store ({@code <ckptDir>/dmtcp}),
 *                 so images can be hard-linked into generations (same file system)
 * @param stateDir the job's crjob state directory ({@code .crjob/<jobid>}): port file, logs, DMTCP_TMPDIR
 */
public record DmtcpPaths(Path imageDir, Path stateDir) {

    public DmtcpPaths {
        imageDir = imageDir.toAbsolutePath().normalize();
        stateDir = stateDir.toAbsolutePath().normalize();
    }

    public static DmtcpPaths of(JobPaths job, Path ckptDir) {
        return new DmtcpPaths(ckptDir.resolve("dmtcp"), job.stateDir());
    }

    /**
     * {@code dmtcp.port}: written by {@code dmtcp_coordinator --port-file}; it is how {@code crjob launch}
     * and {@code crjob restart} find the DMTCP coordinator of the job's crjob coordinator.
     */
    public Path portFile() {
        return stateDir.resolve("dmtcp.port");
    }

    /** {@code DMTCP_TMPDIR} for the job: DMTCP's own logs pile up there, so one per job, removed at the end. */
    public Path tmpDir() {
        return stateDir.resolve("dmtcp-tmp");
    }

    /** The DMTCP coordinator's stdout and stderr. */
    public Path coordinatorLog() {
        return stateDir.resolve("dmtcp_coordinator.log");
    }

    /** {@code JALIB_STDERR_PATH} of dmtcp_command: DMTCP drops its messages when stderr is a pipe. */
    public Path commandErrors() {
        return stateDir.resolve("dmtcp_command.err");
    }

    /** {@code JALIB_STDERR_PATH} of dmtcp_launch and dmtcp_restart (and DMTCP inside the application). */
    public Path launchErrors() {
        return stateDir.resolve("dmtcp_launch.err");
    }
}
