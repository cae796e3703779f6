package org.crjob.engine.protocol;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@code coordinator.json} says about a job's coordinator: where to reach it, with which token,
 * and when it last showed a sign of life.
 *
 * @param jobId     the Slurm job id, as Slurm prints it (array and het jobs have non-numeric ids)
 * @param host      the node name the coordinator listens on, reachable from login nodes
 * @param port      its TCP port
 * @param pid       its process id on that host
 * @param engine    the checkpoint engine in use, e.g. {@code dmtcp} or {@code signal}
 * @param token     the secret every command must carry; the reason the file is 0600
 * @param workDir   the job's working directory
 * @param ckptDir   where its checkpoint generations go
 * @param startedAt when this coordinator started
 * @param heartbeat when it last rewrote this file; a node failure is charged from here
 */
public record CoordinatorInfo(String jobId, String host, int port, int pid, String engine, String token,
        Path workDir, Path ckptDir, Instant startedAt, Instant heartbeat) {

    public CoordinatorInfo {
        requireText(jobId, "jobId");
        requireText(host, "host");
        requireText(engine, "engine");
        requireText(token, "token");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, got " + port);
        }
        if (pid < 1) {
            throw new IllegalArgumentException("pid must be positive, got " + pid);
        }
        Objects.requireNonNull(workDir, "no workDir");
        Objects.requireNonNull(ckptDir, "no ckptDir");
        Objects.requireNonNull(startedAt, "no startedAt");
        Objects.requireNonNull(heartbeat, "no heartbeat");
    }

    public CoordinatorInfo withHeartbeat(Instant heartbeat) {
        return new CoordinatorInfo(jobId, host, port, pid, engine, token, workDir, ckptDir, startedAt, heartbeat);
    }

    /** Everything but the token, which must not end up in a log or an exception message. */
    @Override
    public String toString() {
        return "CoordinatorInfo[jobId=" + jobId + ", host=" + host + ", port=" + port + ", pid=" + pid
                + ", engine=" + engine + ", token=(hidden), workDir=" + workDir + ", ckptDir=" + ckptDir
                + ", startedAt=" + startedAt + ", heartbeat=" + heartbeat + "]";
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("no " + name);
        }
    }
}
