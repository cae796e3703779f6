package org.crjob.engine.coordinator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.crjob.engine.AppSpec;
import org.crjob.engine.CheckpointFailedException;
import org.crjob.engine.CheckpointOutcome;
import org.crjob.engine.RestartInfo;
import org.crjob.engine.launch.AppLauncher;
import org.crjob.engine.launch.LocalRegistry;
import org.crjob.engine.launch.RestartPlan;
import org.crjob.engine.store.CheckpointStore;
import org.crjob.engine.store.Generation;
import org.crjob.joblog.JobLog;
import org.crjob.posix.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The signal engine end to end in one process: launch, checkpoint, stop, restart, with the counting example. */
class SignalEngineRunTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    @RegisterExtension
    final OpenedInTest open = new OpenedInTest();

    private Coordinator coordinator(Duration interval) {
        return SignalCoordinators.open(dir, open, interval);
    }

    /** The next job's coordinator on the same checkpoint directory: the previous one closes first. */
    private Coordinator nextCoordinator() throws Exception {
        open.closeAll();
        return coordinator(Duration.ZERO);
    }

    private AppSpec countingSpec(Duration checkpointTimeout) {
        return new AppSpec(CountingApp.command(), List.of(dir.resolve("count.ckpt")), Signal.USR1,
                dir.resolve("done"), checkpointTimeout);
    }

    private CompletableFuture<Integer> launch(Coordinator coordinator, AppSpec spec, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("CRJOB_DONE_FILE", spec.doneFile().toString());
        return CompletableFuture.supplyAsync(() -> new AppLauncher(new LocalRegistry(coordinator)).run(spec, all, dir));
    }

    private List<Integer> counted() {
        return CountingApp.numbers(dir.resolve("count.txt"));
    }

    @Test
    void aCheckpointStoresTheStateTheApplicationSavedOnTheSignal() throws Exception {
        Coordinator coordinator = coordinator(Duration.ZERO);
        launch(coordinator, countingSpec(PATIENCE), CountingApp.env(dir, 1000, "0.05"));
        await().atMost(PATIENCE).until(() -> counted().size() >= 3);

        CheckpointOutcome outcome = coordinator.checkpoint("test");

        assertEquals(1, outcome.generation());
        Generation stored = CheckpointStore.read(dir.resolve("ckpt")).latest().orElseThrow();
        List<Integer> inCheckpoint = CountingApp.numbers(stored.file("state1-count.ckpt"));
        assertTrue(inCheckpoint.size() >= 3, "the checkpoint holds what was counted: " + inCheckpoint);
        assertEquals(CountingApp.oneTo(inCheckpoint.size()), inCheckpoint);
        assertTrue(coordinator.status().running(), "save-and-go-on: the application keeps counting");
    }

    @Test
    void aGenerationRecordsTheJobsCheckpointIntervalSoCrjobJobsCanTellALateOne() throws Exception {
        Coordinator coordinator = coordinator(Duration.ofHours(1));
        launch(coordinator, countingSpec(PATIENCE), CountingApp.env(dir, 1000, "0.05"));
        await().atMost(PATIENCE).until(() -> counted().size() >= 2);

        coordinator.checkpoint("test");

        Generation stored = CheckpointStore.read(dir.resolve("ckpt")).latest().orElseThrow();
        assertEquals("3600", stored.manifest().meta().get(RestartInfo.INTERVAL_SECONDS));
    }

    @Test
    void stoppedAndRestartedTheCountContinuesWithNoNumberLostOrRepeated() throws Exception {
        Coordinator first = coordinator(Duration.ZERO);
        CompletableFuture<Integer> run = launch(first, countingSpec(PATIENCE), CountingApp.env(dir, 40, "0.05"));
        await().atMost(PATIENCE).until(() -> counted().size() >= 5);
        first.checkpoint("test");
        await().atMost(PATIENCE).until(() -> counted().size() >= 10); // counts on past the checkpoint

        first.quit();
        assertEquals(143, run.get(PATIENCE.toSeconds(), TimeUnit.SECONDS), "TERM ended the application: 128 + 15");

        Coordinator second = nextCoordinator();
        RestartPlan plan = RestartPlan.prepare(dir.resolve("ckpt"), List.of(), 1, JobLog.silent());
        int resumed = launch(second, countingSpec(PATIENCE), merge(plan.env(), CountingApp.env(dir, 40, "0.01")))
                .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

        assertEquals(0, resumed);
        assertEquals(CountingApp.oneTo(40), counted());
    }

    @Test
    void anApplicationThatIgnoresTheSignalFailsTheCheckpointAndKeepsThePreviousGeneration() throws Exception {
        Coordinator coordinator = coordinator(Duration.ZERO);
        CompletableFuture<Integer> run = launch(coordinator, countingSpec(PATIENCE),
                CountingApp.env(dir, 1000, "0.05"));
        await().atMost(PATIENCE).until(() -> counted().size() >= 2);
        coordinator.checkpoint("first");
        coordinator.quit();
        // and its launcher is done too, so the next application starts on a clean slate (the launcher's clean-up
        // once ended it: applicationsStillRunningAreNotTheOrphansOfTheOneBefore)
        run.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

        Coordinator deaf = nextCoordinator();
        AppSpec ignoring = new AppSpec(List.of("bash", "-c", "trap '' USR1; while :; do sleep 0.1; done"),
                List.of(dir.resolve("count.ckpt")), Signal.USR1, dir.resolve("done"), Duration.ofSeconds(1));
        launch(deaf, ignoring, Map.of());
        await().atMost(PATIENCE).until(() -> deaf.status().running());

        CheckpointFailedException e = assertThrows(CheckpointFailedException.class, () -> deaf.checkpoint("second"));

        assertTrue(e.getMessage().contains("did not say its state was saved within 1 s of SIGUSR1"), e.getMessage());
        assertTrue(e.getMessage().endsWith("generation 1 is still the latest"), e.getMessage());
        assertEquals(1, CheckpointStore.read(dir.resolve("ckpt")).latest().orElseThrow().number());
    }

    @Test
    void applicationsStillRunningAreNotTheOrphansOfTheOneBefore() throws Exception {
        // regression: a launcher reports its application's exit before its clean-up, which ends the JVM's children
        // in a session of their own (the application's escaped orphans); an application launched meanwhile leads a
        // session of its own too, and was ended with them (SignalEngineRunTest failed about one run in two)
        Coordinator first = coordinator(Duration.ZERO);
        Path orphanPid = dir.resolve("orphan.pid");
        // the application ends only once the orphan's trap is set (pid file written after it), else TERM may win
        AppSpec leavesAStubbornOrphan = new AppSpec(List.of("bash", "-c", "setsid bash -c 'trap \"\" TERM; echo $$ > "
                + orphanPid + ".tmp; mv " + orphanPid + ".tmp " + orphanPid + "; exec sleep 60' & until [ -s " + orphanPid
                + " ]; do sleep 0.05; done"), List.of(), Signal.USR1, dir.resolve("done"), PATIENCE);
        CompletableFuture<Integer> firstRun = launch(first, leavesAStubbornOrphan, Map.of());
        await().atMost(PATIENCE).until(() -> first.status().exitStatus().isPresent());
        long orphan = Long.parseLong(Files.readString(orphanPid).strip());
        assertTrue(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false), "the orphan ignores TERM, so"
                + " the first launcher's clean-up waits out its grace time");

        Coordinator next = nextCoordinator();
        CompletableFuture<Integer> nextRun = launch(next, countingSpec(PATIENCE), CountingApp.env(dir, 100_000, "0.05"));
        await().atMost(PATIENCE).until(() -> next.status().running());
        assertEquals(0, firstRun.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));

        await().atMost(PATIENCE).until(() -> ProcessHandle.of(orphan).map(p -> !p.isAlive()).orElse(true));
        assertFalse(nextRun.isDone(), "the next application runs on: " + (nextRun.isDone() ? nextRun.get() : ""));
        assertTrue(next.status().running());
    }

    @Test
    void periodicCheckpointsFollowTheInterval() {
        Coordinator coordinator = coordinator(Duration.ofMillis(300));
        launch(coordinator, countingSpec(PATIENCE), CountingApp.env(dir, 1000, "0.05"));

        await().atMost(PATIENCE).until(() -> coordinator.status().checkpointsTaken() >= 2);
        assertTrue(coordinator.status().lastCheckpoint().orElseThrow().reason().equals("interval"));
    }

    @Test
    void quitLeavesNoProcessOfTheApplicationBehind() throws Exception {
        Coordinator coordinator = coordinator(Duration.ZERO);
        Path childPid = dir.resolve("child.pid");
        AppSpec spawner = new AppSpec(List.of("bash", "-c", "sleep 300 & echo $! > " + childPid + "; wait"),
                List.of(), Signal.USR1, dir.resolve("done"), PATIENCE);
        CompletableFuture<Integer> run = launch(coordinator, spawner, Map.of());
        await().atMost(PATIENCE).until(() -> Files.exists(childPid)
                && !Files.readString(childPid).isBlank());
        long child = Long.parseLong(Files.readString(childPid).strip());

        coordinator.quit();
        run.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

        await().atMost(PATIENCE).until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
        assertFalse(coordinator.status().running());
    }

    @Test
    void whenTheApplicationEndsItsEscapedOrphansEndButACommandOfCrjobsOwnRunsOn() throws Exception {
        // regression: the cleanup ended every child of the JVM, so a scontrol running at that moment died of TERM
        Process ours = new ProcessBuilder("sleep", "300").start();
        try {
            Coordinator coordinator = coordinator(Duration.ZERO);
            Path orphanPid = dir.resolve("orphan.pid");
            AppSpec spawner = new AppSpec(List.of("bash", "-c", "setsid sleep 300 & echo $! > " + orphanPid),
                    List.of(), Signal.USR1, dir.resolve("done"), PATIENCE);

            assertEquals(0, launch(coordinator, spawner, Map.of()).get(PATIENCE.toSeconds(), TimeUnit.SECONDS));

            long orphan = Long.parseLong(Files.readString(orphanPid).strip());
            await().atMost(PATIENCE).until(() -> ProcessHandle.of(orphan).map(p -> !p.isAlive()).orElse(true));
            assertTrue(ours.isAlive(), "a process the JVM itself started is not the application's to end");
        } finally {
            ours.destroyForcibly();
        }
    }

    @Test
    void theSignalGoesToTheApplicationOnlyAndItsChildrenLiveOn() throws Exception {
        long child = checkpointAWrapperWithAChild(false);

        assertTrue(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false),
                "a child that does not handle USR1 is not killed by the checkpoint");
    }

    @Test
    void withSignalGroupTheWholeProcessGroupIsAsked() throws Exception {
        long child = checkpointAWrapperWithAChild(true);

        await().atMost(PATIENCE).until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
    }

    /** A wrapper that saves on USR1 and a child (sleep) that does not; returns the child's pid after a checkpoint. */
    private long checkpointAWrapperWithAChild(boolean signalGroup) throws Exception {
        Coordinator coordinator = coordinator(Duration.ZERO);
        Path childPid = dir.resolve("child.pid");
        Path state = dir.resolve("state.dat");
        AppSpec wrapper = new AppSpec(List.of("bash", "-c", "sleep 300 & echo $! > " + childPid + "; trap 'echo saved > "
                + state + "; touch \"$CRJOB_DONE_FILE\"' USR1; while true; do wait; done"), List.of(state),
                Signal.USR1, dir.resolve("done"), PATIENCE, signalGroup);
        launch(coordinator, wrapper, Map.of());
        await().atMost(PATIENCE).until(() -> Files.exists(childPid)
                && !Files.readString(childPid).isBlank());

        assertEquals(1, coordinator.checkpoint("test").generation());
        return Long.parseLong(Files.readString(childPid).strip());
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> all = new HashMap<>(a);
        all.putAll(b);
        return all;
    }
}
