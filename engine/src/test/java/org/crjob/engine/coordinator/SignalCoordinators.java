package org.crjob.engine.coordinator;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.crjob.engine.EngineKind;
import org.crjob.engine.jobfiles.EventLog;
import org.crjob.engine.signal.SignalEngine;
import org.crjob.engine.store.CheckpointStore;
import org.crjob.joblog.JobLog;

/** A coordinator of the signal engine in one process, as {@code crjob run} has it, on {@code dir/ckpt}. */
final class SignalCoordinators {
    private SignalCoordinators() {
    }

    /** Job 42's, keeping 2 generations; it and its store close after the test ({@code open}). */
    static Coordinator open(Path dir, OpenedInTest open, Duration interval) {
        CheckpointStore store = open.add(CheckpointStore.open(dir.resolve("ckpt"), "test", 2, JobLog.silent()));
        CoordinatorConfig config = new CoordinatorConfig("42", EngineKind.SIGNAL.id(), dir, dir.resolve("ckpt"), 2,
                interval, false, Duration.ofSeconds(5));
        return open.add(new Coordinator(config, new SignalEngine(), store,
                new EventLog(dir.resolve("events.jsonl"), JobLog.silent()), Clock.systemUTC()));
    }
}
