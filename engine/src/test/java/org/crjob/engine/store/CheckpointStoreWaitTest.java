package org.crjob.engine.store;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new job's coordinator waits, bounded, for the coordinator of a job that has just ended to let go of the store. */
class CheckpointStoreWaitTest {

    @TempDir
    Path dir;

    @Test
    void openWaitingTakesTheStoreOnceThePreviousHolderLetsGoAndSaysItWaited() throws Exception {
        CheckpointStore previous = CheckpointStore.open(dir, "job 1 on host a pid 1", 3, w -> { });
        List<String> said = new ArrayList<>();
        CompletableFuture.runAsync(previous::close, CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));

        try (CheckpointStore next = CheckpointStore.openWaiting(dir, "job 2 on host a pid 2", 3, said::add,
                Duration.ofSeconds(20))) {
            assertTrue(said.size() == 1 && said.get(0).contains("is in use by job 1 on host a pid 1; waiting up to"
                    + " 20 s for it to end"), said.toString());
        }
    }

    @Test
    void openWaitingStillRefusesAHolderThatDoesNotLetGo() {
        try (CheckpointStore holder = CheckpointStore.open(dir, "job 1 on host a pid 1", 3, w -> { })) {
            StoreLockedException e = assertThrows(StoreLockedException.class, () -> CheckpointStore.openWaiting(dir,
                    "job 2 on host a pid 2", 3, w -> { }, Duration.ofMillis(600)));
            assertTrue(e.getMessage().contains("two jobs must not write one checkpoint directory"), e.getMessage());
        }
    }
}
