package org.crjob.engine.dmtcp;

import java.nio.file.Path;
import org.crjob.engine.jobfiles.JobPaths;

/**
 * Where one job's DMTCP files go.
 *
 * @param imageDir the coordinator's {@code --ckptdir}: inside the crjob store ({@code <ckptDir>/dmtcp}),
 *                 so images can be hard-linked into generations (same file system)
 * @param stateDir the job's crjob state directory ({@code .crjob/<jobid>}): port file, logs, options
 * @param tmpDir   {@code DMTCP_TMPDIR} for every DMTCP program of the job: by default {@code <stateDir>/dmtcp-tmp}
 *                 (DMTCP's logs pile up there, so one per job), or the user's {@code --tmpdir}
 */
public record DmtcpPaths(Path imageDir, Path stateDir, Path tmpDir) {

    public DmtcpPaths {
        imageDir = imageDir.toAbsolutePath().normalize();
        stateDir = stateDir.toAbsolutePath().normalize();
        tmpDir = tmpDir.toAbsolutePath().normalize();
    }

    public DmtcpPaths(Path imageDir, Path stateDir) {
        this(imageDir, stateDir, stateDir.resolve("dmtcp-tmp"));
    }

    public static DmtcpPaths of(JobPaths job, Path ckptDir) {
        return new DmtcpPaths(ckptDir.resolve("dmtcp"), job.stateDir());
    }

    public DmtcpPaths withTmpDir(Path dir) {
        return new DmtcpPaths(imageDir, stateDir, dir);
    }

    /**
     * {@code dmtcp.port}: written by {@code dmtcp_coordinator --port-file}; it is how {@code crjob launch}
     * and {@code crjob restart} find the DMTCP coordinator of the job's crjob coordinator.
     */
    public Path portFile() {
        return stateDir.resolve("dmtcp.port");
    }

    /** The {@link DmtcpOptions} the job's DMTCP coordinator was started with, for launch and restart. */
    public Path optionsFile() {
        return stateDir.resolve("dmtcp-options.json");
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
