package org.crjob.engine.launch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.crjob.engine.signal.SignalEngine;
import org.crjob.engine.store.Capture;
import org.crjob.engine.store.CaptureMode;
import org.crjob.engine.store.CheckpointStore;
import org.crjob.engine.store.SnapshotRequest;
import org.crjob.joblog.JobLog;
import org.crjob.joblog.RecordingJobLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restart restores where this run says, and reads each stored byte once (issue 15, parts 3 and 5). */
class RestartPlanTest {

    private final RecordingJobLog log = new RecordingJobLog();

    /** Stores {@code files} as the signal engine does, recording where they were and the command, as crjob run does. */
    static void checkpoint(Path ckpt, List<String> command, Path... files) {
        List<Capture> captures = new ArrayList<>();
        StringBuilder argv = new StringBuilder("[");
        for (String arg : command) {
            argv.append(argv.length() > 1 ? "," : "").append('"').append(arg).append('"');
        }
        Map<String, String> meta = new HashMap<>(Map.of("command", argv + "]", "signal", "USR1"));
        for (int i = 0; i < files.length; i++) {
            String name = SignalEngine.storedName(i, files[i]);
            captures.add(new Capture(files[i], name));
            meta.put("state:" + name, files[i].toString());
        }
        try (CheckpointStore store = CheckpointStore.open(ckpt, "job 1 pid 1", 2, JobLog.silent())) {
            store.commit(new SnapshotRequest("signal", CaptureMode.COPY, captures, Duration.ofMillis(10), meta));
        }
    }

    private static byte[] write(Path file, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return bytes;
    }

    @Test
    void aMovedJobDirectoryRestoresIntoTheNewOneAndRunsThisRunsCommand(@TempDir Path tmp) throws IOException {
        Path before = tmp.resolve("before");
        byte[] saved = write(before.resolve("count.ckpt"), 1000, 1);
        Path ckpt = tmp.resolve("ckpt");
        checkpoint(ckpt, List.of("./old-command.sh"), before.resolve("count.ckpt"));
        Path after = Files.createDirectory(tmp.resolve("after"));
        Files.move(before.resolve("count.ckpt"), after.resolve("count.ckpt.old"));
        Files.delete(before); // the job's directory was moved

        RestartPlan plan = RestartPlan.prepare(new RestartPlan.Request(ckpt, List.of("./count.sh"),
                List.of(Path.of("count.ckpt")), after, false), 1, log);

        assertArrayEquals(saved, Files.readAllBytes(after.resolve("count.ckpt")));
        assertFalse(Files.exists(before), "the old directory is not re-created");
        assertEquals(List.of("./count.sh"), plan.command(), "this run's command, not the one stored");
        assertEquals(List.of(), log.entries());
    }

    @Test
    void stateFilesAreMatchedByNameWhenThisRunListsThemInAnotherOrder(@TempDir Path tmp) throws IOException {
        byte[] mesh = write(tmp.resolve("run1/mesh.dat"), 100, 1);
        byte[] field = write(tmp.resolve("run1/out/field.dat"), 100, 2);
        Path ckpt = tmp.resolve("ckpt");
        checkpoint(ckpt, List.of("./sim"), tmp.resolve("run1/mesh.dat"), tmp.resolve("run1/out/field.dat"));
        Path run2 = tmp.resolve("run2");

        RestartPlan.prepare(new RestartPlan.Request(ckpt, List.of("./sim"),
                List.of(Path.of("out/field.dat"), Path.of("mesh.dat")), run2, false), 1, log);

        assertArrayEquals(mesh, Files.readAllBytes(run2.resolve("mesh.dat")));
        assertArrayEquals(field, Files.readAllBytes(run2.resolve("out/field.dat")));
    }

    @Test
    void aStoredStateFileThisRunDoesNotNameIsRefusedAndNothingIsRestored(@TempDir Path tmp) throws IOException {
        write(tmp.resolve("run1/count.ckpt"), 100, 1);
        Path ckpt = tmp.resolve("ckpt");
        checkpoint(ckpt, List.of("./count.sh"), tmp.resolve("run1/count.ckpt"));
        Path run2 = Files.createDirectory(tmp.resolve("run2"));

        StateFilesMismatchException e = assertThrows(StateFilesMismatchException.class, () -> RestartPlan.prepare(
                new RestartPlan.Request(ckpt, List.of("./count.sh"), List.of(Path.of("other.ckpt")), run2, false), 1,
                log));

        assertEquals("checkpoint generation 1 holds the state file count.ckpt, but none of this run's --state paths is"
                + " named so (--state " + run2.resolve("other.ckpt") + "): give --state for each file the application"
                + " restarts from, in the order the run that stored them did; nothing was restored", e.getMessage());
        try (var left = Files.list(run2)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void aRestartReadsEachStoredByteOnce(@TempDir Path tmp) throws IOException {
        int size = 32 * 1024 * 1024;
        write(tmp.resolve("run1/state.dat"), size, 1);
        Path ckpt = tmp.resolve("ckpt");
        checkpoint(ckpt, List.of("./sim"), tmp.resolve("run1/state.dat"));
        assertTrue(CheckpointStore.read(ckpt).generations().get(0).files().get(0).hashed(), "hashed as it was stored");
        long before = bytesReadByThisProcess();

        RestartPlan.prepare(ckpt, List.of("./sim"), 1, log);

        long read = bytesReadByThisProcess() - before;
        assertTrue(read < size * 3L / 2, "read " + read + " bytes to restore " + size + ": one read of each, not a"
                + " verify read and then a copy read");
    }

    /** {@code rchar} of /proc/self/io: bytes this process had read() so far, from the page cache or not. */
    private static long bytesReadByThisProcess() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/io")).stream().filter(l -> l.startsWith("rchar:"))
                .mapToLong(l -> Long.parseLong(l.substring("rchar:".length()).strip())).findFirst().orElseThrow();
    }
}
