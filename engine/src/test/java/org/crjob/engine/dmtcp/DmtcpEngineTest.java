package org.crjob.engine.dmtcp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.crjob.engine.AppSpec;
import org.crjob.engine.CheckpointEngine;
import org.crjob.engine.CheckpointFailedException;
import org.crjob.engine.EngineKind;
import org.crjob.engine.coordinator.Coordinator;
import org.crjob.engine.coordinator.CoordinatorConfig;
import org.crjob.engine.coordinator.OpenedInTest;
import org.crjob.engine.jobfiles.EventLog;
import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.engine.launch.AppLauncher;
import org.crjob.engine.launch.LocalRegistry;
import org.crjob.engine.launch.RestartPlan;
import org.crjob.engine.store.CheckpointStore;
import org.crjob.engine.store.Generation;
import org.crjob.engine.store.StoredFile;
import org.crjob.joblog.JobLog;
import org.crjob.posix.Posix;
import org.crjob.posix.Signal;
import org.crjob.process.Command;
import org.crjob.process.CommandResult;
import org.crjob.process.ExecCommandRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DMTCP engine against the real DMTCP (skipped without it): a bash counter launched under the job's DMTCP
 * coordinator, checkpointed into the store, killed, and restarted in a fresh coordinator.
 */
class DmtcpEngineTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final List<String> COUNTER = List.of("bash", "-c",
            "i=0; while :; do echo $((i++)) >> out; sleep 0.2; done");

    @TempDir
    Path dir;
    private DmtcpInstallation dmtcp;
    @RegisterExtension
    final OpenedInTest open = new OpenedInTest();

    @BeforeEach
    void needDmtcp() {
        dmtcp = DmtcpTestSupport.installationOrSkip();
    }

    /** One job's crjob coordinator with its DMTCP coordinator, on {@code dir}'s store. */
    private record Job(DmtcpEngine engine, Coordinator coordinator, CheckpointStore store) { }

    private Job job() {
        Path ckpt = dir.resolve("crjob.ckpt");
        CheckpointStore store = open.add(CheckpointStore.open(ckpt, "test", 3, JobLog.silent()));
        DmtcpPaths paths = DmtcpPaths.of(new JobPaths(dir, "42"), ckpt);
        DmtcpEngine engine = open.add(DmtcpEngine.start(dmtcp, paths, new ExecCommandRunner(), Duration.ofSeconds(20)));
        CoordinatorConfig config = new CoordinatorConfig("42", EngineKind.DMTCP.id(), dir, ckpt, 3, Duration.ZERO,
                false, Duration.ofSeconds(5));
        Coordinator coordinator = open.add(new Coordinator(config, engine, store,
                new EventLog(dir.resolve("events.jsonl"), JobLog.silent()), Clock.systemUTC()));
        return new Job(engine, coordinator, store);
    }

    private AppSpec spec() {
        return new AppSpec(COUNTER, List.of(), Signal.USR1, dir.resolve("done"), Duration.ofSeconds(60));
    }

    /** Launches {@code command} under DMTCP (dmtcp_launch, in the engine's environment) as crjob launch does. */
    private CompletableFuture<Integer> launch(Job job, List<String> command) {
        return run(job, job.engine().launchCommand(command), job.engine().environment());
    }

    /** Runs {@code argv} as the launcher does, in the background; completes with its exit status. */
    private CompletableFuture<Integer> run(Job job, List<String> argv, Map<String, String> env) {
        AppLauncher launcher = new AppLauncher(new LocalRegistry(job.coordinator()));
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() ->
                launcher.run(spec(), argv, env, dir));
        await().atMost(PATIENCE).until(() -> job.coordinator().application().isPresent());
        return status;
    }

    private int lastCount() throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("out"));
        return Integer.parseInt(lines.get(lines.size() - 1).trim());
    }

    private void awaitCount(int atLeast) {
        await().atMost(PATIENCE).until(() -> Files.exists(dir.resolve("out")) && lastCount() >= atLeast);
    }

    private void kill(Job job, CompletableFuture<Integer> status) throws Exception {
        Posix.killProcessGroup(job.coordinator().application().orElseThrow().pid(), Signal.KILL);
        assertEquals(128 + 9, status.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
    }

    /** Issue 18, 1: another node's dmtcp_command -k must not reach a one-node job's computation. */
    @Test
    void aOneNodeJobsDmtcpCoordinatorAnswersOnLoopbackOnly() throws Exception {
        Optional<InetAddress> other = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst();
        assumeTrue(other.isPresent(), "this machine has no non-loopback IPv4 address to try");
        int port = job().engine().port();

        try (Socket onThisNode = new Socket()) {
            onThisNode.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        }
        assertThrows(ConnectException.class, () -> {
            try (Socket fromElsewhere = new Socket()) {
                fromElsewhere.connect(new InetSocketAddress(other.get(), port), 2000);
            }
        }, "DMTCP's port " + port + " is closed on " + other.get());
    }

    @Test
    void counterContinuesFromTheCheckpointAfterARestartInAFreshCoordinator() throws Exception {
        Job first = job();
        CompletableFuture<Integer> status = launch(first, COUNTER);
        awaitCount(3);
        assertEquals(1, first.coordinator().checkpoint("test").generation());
        awaitCount(lastCount() + 2);
        int beforeSecond = lastCount();
        assertEquals(2, first.coordinator().checkpoint("test").generation());
        int afterSecond = lastCount();

        Generation second = first.store().latest().orElseThrow();
        assertEquals("dmtcp", second.engine());
        List<StoredFile> images = second.files().stream().filter(f -> f.name().endsWith(".dmtcp")).toList();
        assertTrue(!images.isEmpty(), "images in " + second.files());
        images.forEach(f -> assertEquals(StoredFile.LINK, f.stored(), f.name()));
        StoredFile script = second.files().stream().filter(f -> DmtcpRestartScript.isScriptName(f.name()))
                .findFirst().orElseThrow();
        assertEquals(StoredFile.COPY, script.stored());
        // the stored script lists exactly the stored images
        assertEquals(images.stream().map(StoredFile::name).sorted().toList(),
                DmtcpRestartScript.images(second.file(script.name())).stream()
                        .map(p -> p.getFileName().toString()).sorted().toList());
        first.store().finishHashing(); // the linked images' sha256, as a run waits for it before its requeue
        assertTrue(first.store().verify(first.store().generations().get(1)).ok(), "generation 1 verifies");

        awaitCount(afterSecond + 8); // well past the checkpoint, so a restart from it is visible
        kill(first, status);
        int killedAt = lastCount();
        open.closeAll();

        Job next = job();
        assertNotEquals(first.engine().port(), next.engine().port());
        RestartPlan plan = RestartPlan.prepare(dir.resolve("crjob.ckpt"), List.of(), 1, JobLog.silent());
        assertEquals(2, plan.generation().number());
        List<String> argv = next.engine().restartCommand(plan.generation()).orElseThrow();
        Files.writeString(dir.resolve("out"), "restarted\n", StandardOpenOption.APPEND);
        CompletableFuture<Integer> restarted = run(next, argv, next.engine().environment());
        await().atMost(PATIENCE).until(() -> Files.readAllLines(dir.resolve("out")).size()
                > Files.readAllLines(dir.resolve("out")).indexOf("restarted") + 3);
        List<String> lines = Files.readAllLines(dir.resolve("out"));
        int firstAfterRestart = Integer.parseInt(lines.get(lines.indexOf("restarted") + 1).trim());
        assertTrue(firstAfterRestart > beforeSecond && firstAfterRestart <= afterSecond + 1,
                "the counter continued from the checkpoint (" + beforeSecond + ".." + afterSecond + "), not from "
                        + killedAt + ": first value after the restart is " + firstAfterRestart);

        // the restarted process checkpoints again, into the DMTCP directory, not into the store
        assertEquals(3, next.coordinator().checkpoint("after restart").generation());
        assertTrue(restarted.isDone() == false, "still running after its checkpoint");
        kill(next, restarted);
    }

    @Test
    void aLastCheckpointStopsTheProgramRightAfterItsImagesSoARestartRepeatsNothing() throws Exception {
        Job first = job();
        CompletableFuture<Integer> status = launch(first, COUNTER);
        awaitCount(3);

        assertEquals(1, first.coordinator().checkpointAndStop("time limit").generation());

        assertEquals(0, status.get(PATIENCE.toSeconds(), TimeUnit.SECONDS),
                "DMTCP's -kc ends the program with status 0");
        int last = lastCount();
        open.closeAll();
        Job next = job();
        RestartPlan plan = RestartPlan.prepare(dir.resolve("crjob.ckpt"), List.of(), 1, JobLog.silent());
        CompletableFuture<Integer> restarted = run(next, next.engine().restartCommand(plan.generation()).orElseThrow(),
                next.engine().environment());
        awaitCount(last + 2);
        List<String> lines = Files.readAllLines(dir.resolve("out"));
        for (int k = 1; k < lines.size(); k++) {
            assertEquals(Integer.parseInt(lines.get(k - 1).trim()) + 1, Integer.parseInt(lines.get(k).trim()),
                    "every value once, none repeated or lost across the restart: " + lines);
        }
        kill(next, restarted);
    }

    @Test
    void aCheckpointWhoseDmtcpCoordinatorIsKilledFailsAtOnceAndKeepsThePreviousGeneration() throws Exception {
        Job job = job();
        // some memory, compressed: the checkpoint lasts long enough to be interrupted
        List<String> heavy = List.of("bash", "-c", "x=$(head -c 40000000 /dev/urandom | base64 -w0); i=0;"
                + " while :; do echo $((i++)) >> out; sleep 0.2; done");
        CompletableFuture<Integer> status = launch(job, heavy);
        awaitCount(2);
        assertEquals(1, job.coordinator().checkpoint("test").generation());
        Path imageDir = job.engine().paths().imageDir();

        CompletableFuture<Throwable> second = CompletableFuture.supplyAsync(() -> assertThrows(
                CheckpointFailedException.class, () -> job.coordinator().checkpoint("test")));
        await().atMost(PATIENCE).until(() -> listing(imageDir).stream().anyMatch(n -> n.endsWith(".temp")));
        long killedAt = System.nanoTime();
        Posix.kill((int) DmtcpTestSupport.coordinatorOf(job.engine().paths()), Signal.KILL);
        String message = second.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).getMessage();

        assertTrue(System.nanoTime() - killedAt < Duration.ofSeconds(10).toNanos(), "failed at once, not after"
                + " the checkpoint timeout");
        assertTrue(message.contains("dmtcp_coordinator (pid ") && message.contains("ended during the checkpoint"),
                message);
        assertTrue(message.contains("generation 1 is still the latest"), message);
        assertEquals(1, job.store().latest().orElseThrow().number());
        job.store().finishHashing();
        assertTrue(job.store().verify(job.store().latest().orElseThrow()).ok());
        assertEquals(DmtcpEngine.FAIL_RC, status.get(PATIENCE.toSeconds(), TimeUnit.SECONDS),
                "the computation ends with DMTCP's failure status once its coordinator is gone");
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void checkpointWithoutPeersFailsAndKeepsThePreviousGeneration() throws Exception {
        Job job = job();
        CompletableFuture<Integer> status = launch(job, COUNTER);
        awaitCount(2);
        assertEquals(1, job.coordinator().checkpoint("test").generation());
        kill(job, status);

        CheckpointFailedException e = assertThrows(CheckpointFailedException.class,
                () -> job.coordinator().checkpoint("test"));
        assertTrue(e.getMessage().contains("DMTCP refused the checkpoint"), e.getMessage());
        assertTrue(e.getMessage().contains("generation 1 is still the latest"), e.getMessage());
        assertEquals(1, job.store().latest().orElseThrow().number());
        job.store().finishHashing(); // the linked images' sha256, as a run waits for it before its requeue
        assertTrue(job.store().verify(job.store().latest().orElseThrow()).ok());
    }

    @Test
    void dmtcpFailureIsToldFromTheApplicationsExit() throws Exception {
        Job job = job();
        List<String> argv = job.engine().launchCommand(List.of("/nonexistent/program"));
        int status = run(job, argv, job.engine().environment()).get(PATIENCE.toSeconds(),
                TimeUnit.SECONDS);
        assertEquals(DmtcpEngine.FAIL_RC, status);
        assertTrue(job.engine().engineFailure(status).orElseThrow().contains("DMTCP failed"));
        assertTrue(job.engine().engineFailure(3).isEmpty());
    }

    /**
     * Issue 15 part 4, as DMTCP 4.2 really behaves: another user's dmtcp_command -k on the job's DMTCP port ends the
     * computation with status 0, which the engine reports as its own failure, not the application's finish.
     */
    @Test
    void aComputationKilledByDmtcpCommandKEndsWithStatus0AndIsTheEnginesFailure() throws Exception {
        Job job = job();
        CompletableFuture<Integer> status = launch(job, COUNTER);
        awaitCount(3);

        CommandResult kill = new ExecCommandRunner().run(Command.of(List.of(
                dmtcp.command().toString(), "-h", "localhost", "-p", Integer.toString(job.engine().port()), "-k")));

        assertEquals(0, kill.exitCode(), kill.toString());
        int exit = status.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertEquals(0, exit, "DMTCP ends what it kills with status 0");
        String why = job.engine().engineFailure(exit).orElseThrow();
        assertTrue(why.contains("DMTCP's coordinator killed the computation"), why);
    }

    /** The application's own end stays its own, even once crjob has quit the DMTCP coordinator (as its daemon does). */
    @Test
    void anApplicationThatFinishesIsNotTheEnginesFailureAfterCrjobQuitsTheCoordinator() throws Exception {
        Job job = job();
        int exit = launch(job, List.of("bash", "-c", "echo 1 >> out")).get(PATIENCE.toSeconds(),
                TimeUnit.SECONDS);
        job.engine().close(); // crjob's own dmtcp_command -q

        assertEquals(0, exit);
        assertTrue(Files.readString(job.engine().paths().coordinatorLog()).contains("killing all connected peers and"
                + " quitting"), "DMTCP noted the quit");
        assertTrue(job.engine().engineFailure(exit).isEmpty());
    }

    @Test
    void coordinatorIsAChildAndStopsOnClose() {
        Job job = job();
        CheckpointEngine engine = job.engine();
        Path portFile = job.engine().paths().portFile();
        assertTrue(Files.exists(portFile));
        long children = ProcessHandle.current().children()
                .filter(p -> p.info().command().orElse("").endsWith("dmtcp_coordinator")).count();
        assertEquals(1, children, "dmtcp_coordinator is our child, not a daemon");
        engine.close();
        assertTrue(!Files.exists(portFile), "port file removed");
        assertEquals(0, ProcessHandle.current().children()
                .filter(p -> p.info().command().orElse("").endsWith("dmtcp_coordinator")).filter(ProcessHandle::isAlive)
                .count());
    }
}
