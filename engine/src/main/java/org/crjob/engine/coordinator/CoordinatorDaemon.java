package org.crjob.engine.coordinator;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.crjob.engine.CheckpointEngine;
import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.engine.protocol.CoordinatorServer;
import org.crjob.engine.protocol.EventLog;
import org.crjob.engine.protocol.JobPaths;
import org.crjob.engine.protocol.StateFile;
import org.crjob.engine.protocol.Tokens;
import org.crjob.engine.signal.SignalEngine;
import org.crjob.engine.store.CheckpointStore;
import org.crjob.posix.Posix;

/**
 * The detached coordinator process: {@code java -cp crjob.jar org.crjob.engine.coordinator.CoordinatorDaemon
 * <start-file>}. It serves the protocol until told to stop (or until the application exits, when so
 * configured), keeps its state file's heartbeat fresh, and removes the state file when it ends cleanly.
 */
public final class CoordinatorDaemon {
    /** How often the state file's heartbeat is renewed; a run that dies is charged up to the last one. */
    static final long HEARTBEAT_SECONDS = 10;

    private CoordinatorDaemon() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("crjob coordinator: usage: CoordinatorDaemon <start-file>; started by crjob start-coordinator");
            System.exit(2);
        }
        // Our own session: the shell that started us may exit or get a hangup; we stay.
        Posix.setsid();
        // Children of ours (dmtcp_coordinator) that get orphaned stay ours to end.
        Posix.setChildSubreaper(true);
        System.exit(serve(DaemonConfig.read(Path.of(args[0]))));
    }

    static int serve(DaemonConfig daemon) throws java.io.IOException {
        CoordinatorConfig config = daemon.coordinatorConfig();
        JobPaths paths = new JobPaths(config.workDir(), config.jobId());
        EventLog events = new EventLog(paths.eventsFile(), CoordinatorDaemon::log);
        String owner = "job " + config.jobId() + " on host " + hostName() + " pid " + Posix.getpid();
        try (CheckpointStore store = CheckpointStore.open(config.ckptDir(), owner, config.keep(), CoordinatorDaemon::log);
             Coordinator coordinator = new Coordinator(config, engine(config.engine()), store, events,
                     Clock.systemUTC())) {
            String token = Tokens.newToken();
            try (CoordinatorServer server = new CoordinatorServer()) {
                server.start(null, daemon.port(), token, CoordinatorCommands.table(coordinator), CoordinatorDaemon::log);
                Instant now = Instant.now();
                CoordinatorInfo info = new CoordinatorInfo(config.jobId(), hostName(), server.port(), Posix.getpid(),
                        config.engine(), token, config.workDir(), config.ckptDir(), now, now);
                StateFile.write(paths.stateFile(), info);
                ScheduledExecutorService heartbeat = startHeartbeat(paths.stateFile(), info);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> coordinator.close(), "crjob-coordinator-stop"));
                events.append("coordinator-start", Map.of("pid", info.pid(), "host", info.host(), "port", info.port(),
                        "engine", config.engine()));
                log("coordinator for job " + config.jobId() + " listening on " + info.host() + ":" + info.port());
                String why = coordinator.stopped().join();
                heartbeat.shutdownNow();
                StateFile.delete(paths.stateFile());
                log("coordinator stopped: " + why);
            }
        }
        return 0;
    }

    static CheckpointEngine engine(String name) {
        if (SignalEngine.NAME.equals(name)) {
            return new SignalEngine();
        }
        throw new IllegalArgumentException("unknown checkpoint engine '" + name + "': use signal");
    }

    private static ScheduledExecutorService startHeartbeat(Path stateFile, CoordinatorInfo info) {
        ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "crjob-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        heartbeat.scheduleAtFixedRate(() -> {
            try {
                StateFile.write(stateFile, info.withHeartbeat(Instant.now()));
            } catch (RuntimeException | java.io.IOException e) {
                log("cannot renew the heartbeat in " + stateFile + ": " + e.getMessage());
            }
        }, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        return heartbeat;
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static void log(String line) {
        System.err.println("[crjob coordinator " + java.time.LocalTime.now().withNano(0) + "] " + line);
    }
}
