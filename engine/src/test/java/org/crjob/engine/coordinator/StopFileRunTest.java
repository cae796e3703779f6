package org.crjob.engine.coordinator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.crjob.engine.AppSpec;
import org.crjob.engine.StopFile;
import org.crjob.engine.signal.StaleStopFileException;
import org.crjob.failure.CrjobException;
import org.crjob.joblog.RecordingJobLog;
import org.crjob.posix.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Applications asked to save by a stop file (LAMMPS' fix halt, VASP's STOPCAR), run as crjob runs them. */
class StopFileRunTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** Counts to $TO into count.txt; when STOP appears, saves its count to count.state and exits 0; notes USR1. */
    private static final String STOPS_ON_THE_FILE = """
            #!/bin/bash
            trap 'touch usr1.seen' USR1
            n=$(cat count.state 2>/dev/null || echo 0)
            head -n "$n" count.txt > count.tmp 2>/dev/null; mv count.tmp count.txt
            while ((n < TO)); do
                if [[ -e STOP ]]; then cp STOP stop.seen; echo $n > state.tmp; mv state.tmp count.state; exit 0; fi
                sleep 0.05; echo $((n + 1)) >> count.txt; n=$((n + 1))
            done
            """;

    @TempDir
    Path dir;
    @RegisterExtension
    final OpenedInTest open = new OpenedInTest();
    private final RecordingJobLog log = new RecordingJobLog();
    /** What happens between the restore of a restart in place and its start. */
    private Runnable beforeRestart = () -> { };

    private AppSpec spec(String stopFile) throws Exception {
        return spec(stopFile, false);
    }

    private AppSpec spec(String stopFile, boolean withSignal) throws Exception {
        Path app = SaveAndQuitRuns.appScript(dir, STOPS_ON_THE_FILE);
        return new AppSpec(List.of(app.toString()), List.of(dir.resolve("count.state")), Signal.USR1,
                dir.resolve("done"), PATIENCE, false, Optional.empty(),
                Optional.of(StopFile.parse(dir.resolve(stopFile).toString(), withSignal)));
    }

    private CompletableFuture<Integer> run(Coordinator coordinator, AppSpec spec, int to) {
        return SaveAndQuitRuns.run(dir, coordinator, spec, to, log, beforeRestart);
    }

    private List<Integer> counted() {
        return CountingApp.numbers(dir.resolve("count.txt"));
    }

    @Test
    void periodicCheckpointsByStopFileRestartTheApplicationInPlaceAndCountEveryNumberOnce() throws Exception {
        Coordinator coordinator = SignalCoordinators.open(dir, open, Duration.ofSeconds(1));

        int status = run(coordinator, spec("STOP"), 100).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

        assertEquals(0, status);
        assertEquals(CountingApp.oneTo(100), counted(), "every number exactly once");
        assertTrue(coordinator.status().restartsInPlace() >= 1, log::toString);
        assertTrue(Files.exists(dir.resolve("stop.seen")), "the application stopped on the file at least once");
        assertFalse(Files.exists(dir.resolve("STOP")), "crjob removes the stop file it created");
        assertTrue(log.events().stream().anyMatch(l -> l.contains("after crjob's stop file " + dir.resolve("STOP")
                + " reached it")), log::toString);
    }

    @Test
    void aStopFileLeftFromTheLastRunIsRefusedBeforeTheApplicationStarts() throws Exception {
        Coordinator coordinator = SignalCoordinators.open(dir, open, Duration.ZERO);
        Files.writeString(dir.resolve("STOP"), "");

        CompletionException e = assertThrows(CompletionException.class, () -> run(coordinator, spec("STOP"), 100)
                .orTimeout(PATIENCE.toSeconds(), TimeUnit.SECONDS).join());

        assertInstanceOf(StaleStopFileException.class, e.getCause());
        assertEquals(CrjobException.Kind.UNEXPECTED_STATE, ((CrjobException) e.getCause()).kind());
        assertTrue(e.getCause().getMessage().contains(dir.resolve("STOP") + " is present and crjob did not create"
                + " it"), e::getMessage);
        assertTrue(e.getCause().getMessage().contains("rm " + dir.resolve("STOP")), e::getMessage);
        assertFalse(Files.exists(dir.resolve("count.txt")), "the application never started");
        assertTrue(Files.exists(dir.resolve("STOP")), "a file crjob did not create is never removed");
    }

    @Test
    void aStrangersStopFileAppearingBeforeARestartInPlaceIsRefusedNotDeleted() throws Exception {
        Coordinator coordinator = SignalCoordinators.open(dir, open, Duration.ZERO);
        beforeRestart = () -> write(dir.resolve("STOP"), "a stranger's\n");
        CompletableFuture<Integer> run = run(coordinator, spec("STOP"), 100_000);
        await().atMost(PATIENCE).until(() -> counted().size() >= 5);

        coordinator.checkpoint("request");

        CompletionException e = assertThrows(CompletionException.class,
                () -> run.orTimeout(PATIENCE.toSeconds(), TimeUnit.SECONDS).join());
        assertInstanceOf(StaleStopFileException.class, e.getCause());
        assertEquals("a stranger's\n", Files.readString(dir.resolve("STOP")), "left as the stranger wrote it");
    }

    @Test
    void aRestartInPlaceStartsFromTheGenerationJustStoredWithTheStopFileGone() throws Exception {
        Coordinator coordinator = SignalCoordinators.open(dir, open, Duration.ZERO);
        List<Boolean> stopFileAtRestart = new ArrayList<>();
        beforeRestart = () -> stopFileAtRestart.add(Files.exists(dir.resolve("STOP")));
        CompletableFuture<Integer> run = run(coordinator, spec("STOP=LSTOP = .TRUE."), 100_000);
        await().atMost(PATIENCE).until(() -> counted().size() >= 5);

        int generation = coordinator.checkpoint("request").generation();

        int saved = Integer.parseInt(Files.readString(dir.resolve("count.state")).strip());
        await().atMost(PATIENCE).until(() -> counted().size() >= saved + 5); // started again, from what it saved
        assertEquals(List.of(false), stopFileAtRestart);
        assertTrue(log.events().contains("restarting the application in this allocation from checkpoint generation "
                + generation + " (restart 1 in place)"), log::toString);
        assertEquals("LSTOP = .TRUE.\n", Files.readString(dir.resolve("stop.seen")), "the content crjob wrote");
        assertEquals(CountingApp.oneTo(counted().size()), counted(), "no number counted twice");
        coordinator.stopApplication();
        run.handle((status, failure) -> status).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "--signal given too: {0}")
    @ValueSource(booleans = {false, true})
    void aStopFileAloneSendsNoSignalAndWithASignalGivenTheApplicationIsAskedBothWays(boolean withSignal)
            throws Exception {
        Coordinator coordinator = SignalCoordinators.open(dir, open, Duration.ZERO);
        CompletableFuture<Integer> run = run(coordinator, spec("STOP", withSignal), 100_000);
        await().atMost(PATIENCE).until(() -> counted().size() >= 5);

        coordinator.checkpoint("request");

        assertTrue(Files.exists(dir.resolve("stop.seen")), "stopped on the file");
        assertEquals(withSignal, Files.exists(dir.resolve("usr1.seen")), "USR1 sent");
        coordinator.stopApplication();
        run.handle((status, failure) -> status).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void theJobsLastCheckpointByStopFileEndsTheRunWithTheFileRemoved() throws Exception {
        Coordinator coordinator = SignalCoordinators.open(dir, open, Duration.ZERO);
        CompletableFuture<Integer> run = run(coordinator, spec("STOP"), 100_000);
        await().atMost(PATIENCE).until(() -> counted().size() >= 5);

        coordinator.checkpointAndStop("signal"); // crjob run at the time limit: the job is ending

        assertEquals(0, run.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, coordinator.status().restartsInPlace());
        assertTrue(coordinator.awaitApplicationFinished(Duration.ZERO).isEmpty(), "saved and quit is not finished");
        assertFalse(Files.exists(dir.resolve("STOP")), "the next job must not find it");
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
