package org.crjob.engine.coordinator;

import static org.awaitility.Awaitility.await;
import static org.crjob.engine.coordinator.DaemonFixture.PATIENCE;
import static org.crjob.engine.coordinator.DaemonFixture.awaitGone;
import static org.crjob.engine.coordinator.DaemonFixture.call;
import static org.crjob.engine.coordinator.DaemonFixture.paths;
import static org.crjob.engine.coordinator.DaemonFixture.running;
import static org.crjob.engine.coordinator.DaemonFixture.status;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.engine.jobfiles.StateFile;
import org.crjob.engine.launch.RestartPlan;
import org.crjob.engine.protocol.CoordinatorException;
import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.engine.protocol.CoordinatorReplyException;
import org.crjob.engine.store.CheckpointStore;
import org.crjob.engine.store.Generation;
import org.crjob.engine.store.StoreReader;
import org.crjob.failure.UnexpectedStateException;
import org.crjob.joblog.JobLog;
import org.crjob.joblog.RecordingJobLog;
import org.crjob.posix.Posix;
import org.crjob.posix.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real coordinator process under bad conditions: starts that must be refused without leaving partial
 * state, and processes killed -9 in the middle of a checkpoint, after which a restart must come back from
 * the newest complete, verified generation.
 */
class CoordinatorDaemonFaultsTest {
    /** Big enough that storing it (copy, sha256, fsync) takes a moment to be killed in. */
    private static final long BIG = 200L << 20;

    /** Saves instantly on USR1 (the test writes the state file itself) and says so through the done file. */
    private static final String SAVES_AT_ONCE = "trap ': > \"$CRJOB_DONE_FILE\"' USR1; : > \"$TRAP_SET\";"
            + " while :; do sleep 0.2 & wait $!; done";

    /** Rewrites its state file in place on USR1, line by line, slowly: a crash in between leaves it torn. */
    private static final String WRITES_IN_PLACE = """
            n=0
            save() {
                n=$((n + 1))
                : > "$STATE"
                for i in $(seq 1 20); do echo "save $n line $i" >> "$STATE"; sleep 0.1; done
                echo "save $n complete" >> "$STATE"
                : > "$CRJOB_DONE_FILE"
            }
            trap save USR1
            : > "$TRAP_SET"
            while :; do sleep 0.2 & wait $!; done
            """;

    @TempDir
    Path dir;
    @RegisterExtension
    final DaemonFixture daemons = new DaemonFixture(() -> dir);

    private Path trapSet() {
        return dir.resolve("trap-set");
    }

    /**
     * The application's pid once its script has set its USR1 trap: a checkpoint's USR1 before that kills it (a busy
     * machine made that happen once the pid was known).
     */
    private int awaitTrapSet(int app) {
        await().atMost(PATIENCE).until(() -> Files.exists(trapSet()));
        return app;
    }

    private static CoordinatorConfig config(String job, Path workDir, Path ckptDir) {
        return DaemonFixture.config(job, workDir, ckptDir, Duration.ZERO, false);
    }

    @Test
    void aSecondCoordinatorForTheSameJobIsRefusedNamingTheFirstAndChangesNothing() throws Exception {
        CoordinatorInfo first = daemons.start(config("t1", dir, dir.resolve("ckpt")));
        JobPaths paths = paths(first);
        byte[] startFile = Files.readAllBytes(paths.stateDir().resolve("daemon-start.json"));

        RequestRefusedException e = assertThrows(RequestRefusedException.class,
                () -> daemons.start(config("t1", dir, dir.resolve("other.ckpt"))));

        assertTrue(e.getMessage().contains("job t1 already has a coordinator (pid " + first.pid() + " on "
                + first.host() + ":" + first.port() + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("crjob quit --job t1"), e.getMessage());
        CoordinatorInfo after = StateFile.read(paths.stateFile());
        assertEquals(first.pid(), after.pid());
        assertEquals(first.port(), after.port());
        assertEquals(first.token(), after.token());
        assertEquals(first.startedAt(), after.startedAt());
        assertArrayEquals(startFile, Files.readAllBytes(paths.stateDir().resolve("daemon-start.json")));
        assertFalse(Files.exists(dir.resolve("other.ckpt")), "the refused one created nothing");
        assertEquals(first.pid(), status(first).get("coordinatorPid").asInt());
    }

    @Test
    void aSecondJobOnTheSameCheckpointDirectoryIsRefusedWithTheStoreLockMessage() throws Exception {
        Path shared = dir.resolve("shared.ckpt");
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b"));
        CoordinatorInfo first = daemons.start(config("t1", a, shared));

        CoordinatorStartException e = assertThrows(CoordinatorStartException.class,
                () -> daemons.start(config("t2", b, shared)));

        assertTrue(e.getMessage().contains("the coordinator exited with status"), e.getMessage());
        assertTrue(e.getMessage().contains("checkpoint directory " + shared + " is in use by job t1 on host "
                + first.host() + " pid " + first.pid()), e.getMessage());
        assertTrue(e.getMessage().contains("give each job its own --ckpt-dir"), e.getMessage());
        assertFalse(Files.exists(new JobPaths(b, "t2").stateFile()), "no state file for the refused job");
        assertEquals(first.pid(), status(first).get("coordinatorPid").asInt(), "the first one carries on");
        assertTrue(Files.readString(shared.resolve(".lock")).contains("job t1"), "and still holds the lock");
    }

    @Test
    void aPortInUseIsAClearErrorAndLeavesNoStateFile() throws Exception {
        CoordinatorConfig config = config("t1", dir, dir.resolve("ckpt"));
        try (ServerSocket held = new ServerSocket(0)) {
            int port = held.getLocalPort();

            CoordinatorStartException e = assertThrows(CoordinatorStartException.class,
                    () -> daemons.start(config, port));

            assertTrue(e.getMessage().contains("Address already in use"), e.getMessage());
            assertTrue(e.getMessage().contains(":" + port), e.getMessage());
        }
        JobPaths paths = new JobPaths(dir, "t1");
        assertFalse(Files.exists(paths.stateFile()));

        // nothing of the failed start stands in the way of the next one: not a state file, not the store lock
        CoordinatorInfo info = daemons.start(config);
        assertEquals("t1", status(info).get("jobId").asText());
    }

    @Test
    void aWorkingDirectoryThatIsAFileIsAClearErrorAndLeavesNothing() throws Exception {
        Path notADirectory = dir.resolve("work");
        Files.writeString(notADirectory, "a file where the working directory should be\n");

        UnexpectedStateException e = assertThrows(UnexpectedStateException.class,
                () -> daemons.start(config("t1", notADirectory, dir.resolve("ckpt"))));

        assertTrue(e.getMessage().contains("cannot set up the coordinator's files in " + notADirectory), e.getMessage());
        assertTrue(e.getMessage().contains("start it from a directory you can write to"), e.getMessage());
        assertEquals("a file where the working directory should be\n", Files.readString(notADirectory));
        assertEquals(List.of("work"), names(dir), "nothing else was created");
    }

    @Test
    void anUnwritableWorkingDirectoryIsAClearErrorAndLeavesNothing() throws Exception {
        Path work = Files.createDirectory(dir.resolve("work"));
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("r-x------"));
        boolean immutable = false;
        if (Posix.getuid() == 0) {
            // root writes through any mode: make the directory immutable instead, where the file system can
            immutable = run("chattr", "+i", work.toString()) == 0;
            assumeTrue(immutable, "running as root, and chattr +i does not work here: no directory root cannot write");
        }
        try {
            UnexpectedStateException e = assertThrows(UnexpectedStateException.class,
                    () -> daemons.start(config("t1", work, dir.resolve("ckpt"))));

            assertTrue(e.getMessage().contains("cannot set up the coordinator's files in " + work), e.getMessage());
            assertTrue(e.getMessage().contains("start it from a directory you can write to"), e.getMessage());
            assertEquals(List.of(), names(work));
            assertFalse(Files.exists(dir.resolve("ckpt")));
        } finally {
            if (immutable) {
                run("chattr", "-i", work.toString());
            }
            Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aCoordinatorKilledInTheMiddleOfASnapshotLeavesThePreviousGenerationAndTheNextOneCleansUp()
            throws Exception {
        Path ckpt = dir.resolve("ckpt");
        Path big = dir.resolve("big.state");
        writeState(big, "v1");
        CoordinatorInfo first = daemons.start(config("t1", dir, ckpt));
        daemons.launch(first, Signal.USR1, Duration.ofSeconds(60), big, Map.of("TRAP_SET", trapSet().toString()),
                List.of("bash", "-c", SAVES_AT_ONCE));
        awaitTrapSet(daemons.awaitApp(first));
        JsonNode one = call(first, "checkpoint");
        assertEquals(1, one.get("generation").asInt());
        assertEquals(BIG, one.get("bytes").asLong());
        stamp(big, "v2");

        CompletableFuture<JsonNode> two = CompletableFuture.supplyAsync(() -> call(first, "checkpoint"));
        Path staging = await().atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2))
                .until(() -> staging(ckpt), Optional::isPresent).orElseThrow();
        Posix.kill(first.pid(), Signal.KILL);
        awaitGone(first.pid());

        ExecutionException lost = assertThrows(ExecutionException.class,
                () -> two.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        assertInstanceOf(CoordinatorException.class, lost.getCause());
        assertTrue(Files.isDirectory(staging), "killed in the middle: the snapshot is still in " + staging);
        assertFalse(Files.exists(ckpt.resolve("gen-000002")), "and never became a generation");
        assertTrue(Files.exists(paths(first).stateFile()), "killed -9, it left its state file behind");

        CoordinatorInfo next = daemons.start(config("t1", dir, ckpt));

        assertNotEquals(first.pid(), next.pid());
        assertNotEquals(first.token(), next.token());
        assertEquals(next.pid(), status(next).get("coordinatorPid").asInt());
        assertEquals(Optional.empty(), staging(ckpt), "opening the store removed the interrupted snapshot");
        assertTrue(DaemonFixture.read(paths(next).logFile()).contains("interrupted before it completed"));
        StoreReader store = CheckpointStore.read(ckpt);
        assertEquals(List.of(1), store.generations().stream().map(Generation::number).toList());
        assertEquals(1, store.latest().orElseThrow().number());

        final RecordingJobLog log = new RecordingJobLog();
        RestartPlan plan = RestartPlan.prepare(ckpt, List.of(), 1, log);

        assertEquals(1, plan.generation().number());
        assertEquals(List.of("bash", "-c", SAVES_AT_ONCE), plan.command());
        assertEquals("1", plan.env().get(RestartPlan.ENV_GENERATION));
        assertEquals("v1", stampOf(big), "the state is back as generation 1 stored it");
        assertEquals(BIG, Files.size(big));
        assertEquals(List.of(), log.entries());
    }

    @Test
    void anApplicationKilledInTheMiddleOfWritingItsStateCommitsNothingAndTheRestartUsesThePreviousGeneration()
            throws Exception {
        Path ckpt = dir.resolve("ckpt");
        Path state = dir.resolve("app.state");
        CoordinatorInfo info = daemons.start(config("t1", dir, ckpt));
        daemons.launch(info, Signal.USR1, Duration.ofSeconds(60), state, Map.of("STATE", state.toString(),
                "TRAP_SET", trapSet().toString()), List.of("bash", "-c", WRITES_IN_PLACE));
        int app = awaitTrapSet(daemons.awaitApp(info));
        assertEquals(1, call(info, "checkpoint").get("generation").asInt());
        String saved = Files.readString(state);
        assertTrue(saved.endsWith("save 1 complete\n"), saved);

        CompletableFuture<JsonNode> two = CompletableFuture.supplyAsync(() -> call(info, "checkpoint"));
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20))
                .until(() -> Files.readString(state).contains("save 2 line 3"));
        Posix.kill(app, Signal.KILL);

        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> two.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        CoordinatorReplyException reply = assertInstanceOf(CoordinatorReplyException.class, failed.getCause());
        assertEquals(CoordinatorCommands.CHECKPOINT_FAILED, reply.code(), reply.getMessage());
        assertTrue(reply.getMessage().contains("137"), reply.getMessage());
        assertTrue(reply.getMessage().endsWith("generation 1 is still the latest"), reply.getMessage());
        JsonNode status = status(info);
        assertFalse(status.get("running").asBoolean(), status.toString());
        assertEquals(137, status.get("exitStatus").asInt(), status.toString());
        StoreReader store = CheckpointStore.read(ckpt);
        assertEquals(List.of(1), store.generations().stream().map(Generation::number).toList());
        assertTrue(running(info.pid()), "the coordinator carries on");

        RestartPlan plan = RestartPlan.prepare(ckpt, List.of(), 1, JobLog.silent());

        assertEquals(1, plan.generation().number());
        assertEquals(saved, Files.readString(state), "the restart gets the last complete save, not the torn one");
    }

    private static Optional<Path> staging(Path ckpt) throws IOException {
        if (!Files.isDirectory(ckpt)) {
            return Optional.empty();
        }
        try (Stream<Path> entries = Files.list(ckpt)) {
            return entries.filter(p -> p.getFileName().toString().startsWith(".staging-")).findFirst();
        }
    }

    /** {@link #BIG} bytes of a random MiB repeated, each copy numbered (nothing to dedupe), {@code stamp} first. */
    private static void writeState(Path file, String stamp) throws IOException {
        byte[] block = new byte[1 << 20];
        new Random(7).nextBytes(block);
        ByteBuffer buffer = ByteBuffer.wrap(block);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long index = 0; index < BIG >> 20; index++) {
                buffer.clear();
                buffer.putLong(8, index);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
        }
        stamp(file, stamp);
    }

    private static void stamp(Path file, String stamp) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(stamp.getBytes(StandardCharsets.US_ASCII)), 0);
        }
    }

    private static String stampOf(Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer two = ByteBuffer.allocate(2);
            in.read(two, 0);
            return new String(two.array(), StandardCharsets.US_ASCII);
        }
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (IOException notInstalled) {
            return -1;
        }
    }
}
