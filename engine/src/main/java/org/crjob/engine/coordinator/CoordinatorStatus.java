package org.crjob.engine.coordinator;

import java.time.Instant;
import java.util.Optional;
import org.crjob.engine.CheckpointOutcome;

/**
 * What {@code crjob status} shows.
 *
 * @param pid             the application's pid, empty before one is registered
 * @param intervalSeconds 0 when there are no periodic checkpoints
 * @param restartsInPlace how often the application saved and quit and was started again in this allocation
 */
public record CoordinatorStatus(String jobId, String engine, int coordinatorPid, Optional<Integer> pid,
                                boolean running, Optional<Integer> exitStatus, long intervalSeconds,
                                Optional<Instant> nextCheckpoint, Optional<CheckpointOutcome> lastCheckpoint,
                                int checkpointsTaken, int restartsInPlace, String ckptDir) { }
