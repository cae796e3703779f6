package org.crjob.engine.coordinator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.crjob.concurrent.DaemonThreads;
import org.crjob.concurrent.Poll;
import org.crjob.engine.jobfiles.EventLog;
import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.engine.jobfiles.StateFile;
import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.engine.protocol.CoordinatorServer;
import org.crjob.engine.protocol.RequestHandler;
import org.crjob.engine.protocol.Tokens;
import org.crjob.joblog.JobLog;
import org.crjob.posix.Posix;

/**
 * Puts a {@link Coordinator} on the network: serves its commands with a fresh token, writes the 0600 state
 * file that tells clients where it is, and renews its heartbeat. Used by the detached daemon and, in the
 * same process, by {@code crjob run}. Closing removes the state file.
 */
public final class CoordinatorHost implements AutoCloseable {
    /** How often the state file's heartbeat is renewed; a run that dies is charged up to the last one. */
    public static final long HEARTBEAT_SECONDS = 10;
    /** How long closing waits for the replies of commands still running. */
    private static final Duration REPLY_GRACE = Duration.ofSeconds(2);
    private static final Poll REPLY_POLL = Poll.every(Duration.ofMillis(10));

    private final CoordinatorServer server = new CoordinatorServer();
    private final JobPaths paths;
    private final JobLog log;
    private final ScheduledExecutorService heartbeat = DaemonThreads.scheduler("crjob-heartbeat");
    private final AtomicInteger handling = new AtomicInteger();
    private CoordinatorInfo info;

    private CoordinatorHost(JobPaths paths, JobLog log) {
        this.paths = paths;
        this.log = log;
    }

    /** Serves {@code coordinator} on {@code port} (0: any free one) and publishes where, in its state file. */
    public static CoordinatorHost start(Coordinator coordinator, EventLog events, int port, JobLog log) {
        CoordinatorConfig config = coordinator.config();
        CoordinatorHost host = new CoordinatorHost(new JobPaths(config.workDir(), config.jobId()), log);
        try {
            host.serve(coordinator, events, port);
            return host;
        } catch (IOException | RuntimeException e) {
            host.close();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot serve the coordinator of job " + config.jobId() + ": "
                        + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    private void serve(Coordinator coordinator, EventLog events, int port) throws IOException {
        CoordinatorConfig config = coordinator.config();
        String token = Tokens.newToken();
        RequestHandler commands = CoordinatorCommands.table(coordinator);
        int bound = server.start(null, port, token, request -> {
            handling.incrementAndGet();
            try {
                return commands.handle(request);
            } finally {
                handling.decrementAndGet();
            }
        }, log);
        Instant now = Instant.now();
        info = new CoordinatorInfo(config.jobId(), CoordinatorHostName.local(), bound, Posix.getpid(), config.engine(), token,
                config.workDir(), config.ckptDir(), now, now);
        paths.createStateDir();
        StateFile.write(paths.stateFile(), info);
        heartbeat.scheduleAtFixedRate(this::beat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        events.append("coordinator-start", Map.of("pid", info.pid(), "host", info.host(), "port", info.port(),
                "engine", config.engine()));
    }

    private void beat() {
        try {
            StateFile.write(paths.stateFile(), info.withHeartbeat(Instant.now()));
        } catch (IOException | RuntimeException e) {
            log.event("cannot renew the heartbeat in " + paths.stateFile() + ": " + e.getMessage());
        }
    }

    public CoordinatorInfo info() {
        return info;
    }

    public JobPaths paths() {
        return paths;
    }

    /**
     * Stops serving and removes the state file. A heartbeat renewal under way finishes first (its rename
     * would bring the state file back after the delete), and the replies of commands still running get a
     * moment to go out: the {@code quit} that stopped us must not reach its client as "connection lost".
     */
    @Override
    public void close() {
        stopHeartbeat();
        if (info != null) {
            try {
                StateFile.delete(paths.stateFile());
            } catch (IOException e) {
                log.event("cannot remove " + paths.stateFile() + ": " + e.getMessage());
            }
        }
        awaitReplies();
        server.close();
    }

    private void stopHeartbeat() {
        heartbeat.shutdown(); // cancels the next renewals; lets one under way finish
        try {
            heartbeat.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits briefly for commands still running (a checkpoint under way is not waited for) to reply. */
    private void awaitReplies() {
        try {
            REPLY_POLL.until(() -> handling.get() == 0, REPLY_GRACE);
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
