package org.crjob.engine.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.crjob.joblog.JobLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreLockTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void stopChildren() throws InterruptedException {
        for (Process child : children) {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSecondOwnerIsRefusedWithAMessageNamingTheFirst(@TempDir Path tmp) throws IOException {
        Path ckpt = tmp.resolve("ckpt");
        Path state = StoreFixtures.randomFile(tmp.resolve("state.dat"), 100, 1);
        try (CheckpointStore first = CheckpointStore.open(ckpt, "job 123 on host nid001 pid 4567", JobLog.silent())) {

            StoreLockedException refused = assertThrows(StoreLockedException.class,
                    () -> CheckpointStore.open(ckpt, "job 124 on host nid002 pid 99", JobLog.silent()));

            assertEquals("checkpoint directory " + ckpt + " is in use by job 123 on host nid001 pid 4567: two jobs must"
                    + " not write one checkpoint directory; give each job its own --ckpt-dir, or wait until that one"
                    + " ends", refused.getMessage());
            assertEquals("job 123 on host nid001 pid 4567", refused.holder());
            assertEquals(1, first.commit(StoreFixtures.request(CaptureMode.COPY, state)).number(),
                    "the refusal must not disturb the holder");
        }
        CheckpointStore.open(ckpt, "job 124 on host nid002 pid 99", JobLog.silent()).close();
    }

    @Test
    void aStoreHeldByAnotherProcessIsRefusedUntilThatProcessEnds(@TempDir Path tmp) throws IOException {
        Path ckpt = tmp.resolve("ckpt");
        Path ready = tmp.resolve("ready");
        Process holder = java("hold", ckpt.toString(), "job 7 on host other pid 8", ready.toString());
        await().atMost(PATIENCE).until(() -> Files.exists(ready) || !holder.isAlive());
        assertTrue(holder.isAlive(), () -> "the holder died: " + output(holder));

        StoreLockedException refused = assertThrows(StoreLockedException.class,
                () -> CheckpointStore.open(ckpt, "job 9 on host here pid 10", JobLog.silent()));
        assertEquals("job 7 on host other pid 8", refused.holder());

        holder.getOutputStream().close(); // its cue to close the store and exit
        await().atMost(PATIENCE).until(() -> !holder.isAlive());
        CheckpointStore.open(ckpt, "job 9 on host here pid 10", JobLog.silent()).close();
    }

    @Test
    void aRefusedSecondOpenInTheSameProcessLeavesTheFirstLockInForce(@TempDir Path tmp) throws Exception {
        // POSIX drops a process's file lock when any descriptor of the file closes in that process: a
        // second open that touched .lock would silently unlock the first store for everyone else
        Path ckpt = tmp.resolve("ckpt");
        CheckpointStore first = CheckpointStore.open(ckpt, "job 1 on host a pid 1", JobLog.silent());
        try {
            assertThrows(StoreLockedException.class, () -> CheckpointStore.open(ckpt, "job 1 again", JobLog.silent()));

            Process probe = java("probe", ckpt.toString(), "job 2 on host b pid 2");
            assertTrue(probe.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the probe did not finish");

            assertEquals("refused: checkpoint directory " + ckpt + " is in use by job 1 on host a pid 1: two jobs must"
                    + " not write one checkpoint directory; give each job its own --ckpt-dir, or wait until that one"
                    + " ends", output(probe).strip());
        } finally {
            first.close();
        }
    }

    private Process java(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StoreLockHolder.class.getName()));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        children.add(child);
        return child;
    }

    private static String output(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
