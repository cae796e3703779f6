package org.crjob.engine.coordinator;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.crjob.engine.CheckpointEngine;
import org.crjob.engine.jobfiles.EventLog;
import org.crjob.engine.store.CheckpointStore;
import org.crjob.joblog.JobLog;

/**
 * A job's coordinator with all it stands on, opened in order and closed in reverse: the checkpoint store, the
 * engine (DMTCP's coordinator process, closed after the crjob coordinator), the coordinator, and its host (server,
 * state file, heartbeat). The same stack for {@code crjob run}'s coordinator and the detached daemon's.
 */
public record CoordinatorStack(CheckpointStore store, CheckpointEngine engine, Coordinator coordinator,
                               CoordinatorHost host) implements AutoCloseable {

    /**
     * @param jobEnv        the environment of the job the coordinator serves (its node count: see Engines#start)
     * @param owner         who holds the store's lock, for another writer's message
     * @param port          the TCP port to listen on, 0 for any
     * @param storePatience how long to wait for the store of an earlier coordinator of the job that is still stopping
     */
    public static CoordinatorStack open(CoordinatorConfig config, Map<String, String> jobEnv, String owner,
                                        EventLog events, int port, Duration storePatience, Clock clock, JobLog log) {
        CheckpointStore store = CheckpointStore.openWaiting(config.ckptDir(), owner, config.keep(), log,
                storePatience);
        CheckpointEngine engine = null;
        Coordinator coordinator = null;
        try {
            engine = Engines.start(config, jobEnv);
            coordinator = new Coordinator(config, engine, store, events, clock);
            return new CoordinatorStack(store, engine, coordinator,
                    CoordinatorHost.start(coordinator, events, port, log));
        } catch (RuntimeException | Error e) {
            closeAll(e, store, engine, coordinator);
            throw e;
        }
    }

    @Override
    public void close() {
        RuntimeException failure = new RuntimeException("closing the coordinator");
        closeAll(failure, store, engine, coordinator, host);
        if (failure.getSuppressed().length > 0) {
            Throwable first = failure.getSuppressed()[0];
            if (first instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw failure;
        }
    }

    /** Closes the ones opened (null: not opened), the last first, each failure added to {@code failure}. */
    private static void closeAll(Throwable failure, AutoCloseable... opened) {
        for (int i = opened.length - 1; i >= 0; i--) {
            if (opened[i] == null) {
                continue;
            }
            try {
                opened[i].close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }
}
