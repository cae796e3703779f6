package org.crjob.engine.store;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.crjob.joblog.JobLog;
import org.crjob.joblog.RecordingJobLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new job's coordinator waits, bounded, for the coordinator of a job that has just ended to let go of the store. */
class CheckpointStoreWaitTest {

    @TempDir
    Path dir;

    @Test
    void openWaitingTakesTheStoreOnceThePreviousHolderLetsGoAndSaysItWaited() throws Exception {
        CheckpointStore previous = CheckpointStore.open(dir, "job 1 on host a pid 1", 3, JobLog.silent());
        final RecordingJobLog said = new RecordingJobLog();
        CompletableFuture.runAsync(previous::close, CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));

        try (CheckpointStore next = CheckpointStore.openWaiting(dir, "job 2 on host a pid 2", 3, said,
                Duration.ofSeconds(20))) {
            List<String> warnings = said.warnings();
            assertTrue(warnings.size() == 1 && warnings.get(0).contains("is in use by job 1 on host a pid 1; waiting up"
                    + " to 20 s for it to end"), said::toString);
        }
    }

    @Test
    void openWaitingStillRefusesAHolderThatDoesNotLetGo() {
        try (CheckpointStore holder = CheckpointStore.open(dir, "job 1 on host a pid 1", 3, JobLog.silent())) {
            StoreLockedException e = assertThrows(StoreLockedException.class, () -> CheckpointStore.openWaiting(dir,
                    "job 2 on host a pid 2", 3, JobLog.silent(), Duration.ofMillis(600)));
            assertTrue(e.getMessage().contains("two jobs must not write one checkpoint directory"), e.getMessage());
        }
    }
}
