package org.crjob.engine.coordinator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.crjob.engine.AppSpec;
import org.crjob.engine.CheckpointOutcome;
import org.crjob.engine.launch.SaveAndQuitLoopException;
import org.crjob.engine.store.CheckpointStore;
import org.crjob.joblog.RecordingJobLog;
import org.crjob.posix.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Applications that answer a checkpoint by saving and quitting, run as crjob runs them: real processes. */
class SaveAndQuitRunTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** Counts to $TO into count.txt; on USR1 saves its count to count.state and exits 0, as GROMACS does on INT. */
    private static final String SAVES_AND_QUITS = """
            n=$(cat count.state 2>/dev/null || echo 0)
            head -n "$n" count.txt > count.tmp 2>/dev/null; mv count.tmp count.txt
            trap 'echo $n > state.tmp; mv state.tmp count.state; exit 0' USR1
            while ((n < TO)); do sleep 0.05 & wait $!; echo $((n + 1)) >> count.txt; n=$((n + 1)); done
            """;

    @TempDir
    Path dir;
    @RegisterExtension
    final OpenedInTest open = new OpenedInTest();
    private final RecordingJobLog log = new RecordingJobLog();

    private Coordinator coordinator(Duration interval) {
        return SignalCoordinators.open(dir, open, interval);
    }

    private AppSpec spec(String script, Optional<Integer> checkpointExitCode) throws Exception {
        Path app = SaveAndQuitRuns.appScript(dir, "#!/bin/bash\n" + script);
        return new AppSpec(List.of(app.toString()), List.of(dir.resolve("count.state")), Signal.USR1,
                dir.resolve("done"), PATIENCE, false, checkpointExitCode);
    }

    private CompletableFuture<Integer> run(Coordinator coordinator, AppSpec spec, int to) {
        return SaveAndQuitRuns.run(dir, coordinator, spec, to, log, () -> { });
    }

    private List<Integer> counted() {
        return CountingApp.numbers(dir.resolve("count.txt"));
    }

    @Test
    void periodicCheckpointsOfAnApplicationThatSavesAndQuitsNeverEndItsWork() throws Exception {
        Coordinator coordinator = coordinator(Duration.ofSeconds(1));

        int status = run(coordinator, spec(SAVES_AND_QUITS, Optional.empty()), 100).get(PATIENCE.toSeconds(),
                TimeUnit.SECONDS);

        assertEquals(0, status);
        assertEquals(CountingApp.oneTo(100), counted(), "every number exactly once");
        assertTrue(coordinator.status().restartsInPlace() >= 1, log::toString);
        assertTrue(log.events().contains("restarting the application in this allocation from checkpoint generation 1"
                + " (restart 1 in place)"), log::toString);
    }

    @Test
    void aManualCheckpointReturnsOnceWhatTheApplicationSavedAsItQuitIsStored() throws Exception {
        Coordinator coordinator = coordinator(Duration.ZERO);
        CompletableFuture<Integer> run = run(coordinator, spec(SAVES_AND_QUITS, Optional.empty()), 100_000);
        await().atMost(PATIENCE).until(() -> counted().size() >= 5);

        CheckpointOutcome outcome = coordinator.checkpoint("request");

        int saved = Integer.parseInt(Files.readString(dir.resolve("count.state")).strip());
        Path stored = CheckpointStore.read(dir.resolve("ckpt")).latest().orElseThrow().file("state1-count.state");
        assertEquals(saved, Integer.parseInt(Files.readString(stored).strip()));
        assertEquals(1, outcome.generation());
        await().atMost(PATIENCE).until(() -> counted().size() >= saved + 5); // started again, from what it saved
        assertEquals(1, coordinator.status().restartsInPlace());
        assertTrue(!run.isDone());
        coordinator.stopApplication();
    }

    @Test
    void theJobsLastCheckpointIsNeverFollowedByARestartInPlace() throws Exception {
        Coordinator coordinator = coordinator(Duration.ZERO);
        CompletableFuture<Integer> run = run(coordinator, spec(SAVES_AND_QUITS, Optional.empty()), 100_000);
        await().atMost(PATIENCE).until(() -> counted().size() >= 5);

        coordinator.checkpointAndStop("signal"); // crjob run at the time limit: the job is ending

        assertEquals(0, run.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, coordinator.status().restartsInPlace());
        assertTrue(log.events().stream().anyMatch(l -> l.endsWith("; the job is ending, so it is not started again")),
                log::toString);
        assertTrue(coordinator.awaitApplicationFinished(Duration.ZERO).isEmpty(), "saved and quit is not finished");
    }

    @Test
    void anApplicationThatQuitsWithItsCheckpointExitCodeWithoutSavingAnythingIsNotStartedForever() throws Exception {
        Coordinator coordinator = coordinator(Duration.ZERO);
        Files.writeString(dir.resolve("count.state"), "7\n");

        CompletionException e = assertThrows(CompletionException.class,
                () -> run(coordinator, spec("exit 85\n", Optional.of(85)), 100)
                        .orTimeout(PATIENCE.toSeconds(), TimeUnit.SECONDS).join());

        assertInstanceOf(SaveAndQuitLoopException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("after each of its last 3 starts without crjob asking it to save"
                + " and without writing any of its --state files"), e::getMessage);
        assertEquals(2, coordinator.status().restartsInPlace());
    }
}
