package org.crjob.engine.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.crjob.engine.StatePath;
import org.crjob.engine.signal.SignalEngine;
import org.crjob.engine.store.Capture;
import org.crjob.engine.store.CaptureMode;
import org.crjob.engine.store.CheckpointStore;
import org.crjob.engine.store.SnapshotRequest;
import org.crjob.joblog.JobLog;
import org.crjob.joblog.RecordingJobLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17 part 1: a restart makes a --state directory or pattern exactly as captured, in this run's place. */
class StateTreeRestartTest {

    private final RecordingJobLog log = new RecordingJobLog();

    /** Stores every file of {@code statePaths} as the signal engine does, from {@code workDir}. */
    private static void checkpoint(Path ckpt, Path workDir, String... statePaths) {
        List<Capture> captures = new ArrayList<>();
        for (int i = 0; i < statePaths.length; i++) {
            Path path = workDir.resolve(statePaths[i]);
            String root = SignalEngine.storedName(i, path);
            new StatePath(path).files().forEach((relative, file) -> captures.add(new Capture(file, root + "/"
                    + relative)));
        }
        try (CheckpointStore store = CheckpointStore.open(ckpt, "job 1 pid 1", 2, JobLog.silent())) {
            store.commit(new SnapshotRequest("signal", CaptureMode.LINK_IF_RENAMED, captures, Duration.ofMillis(10),
                    Map.of("command", "[\"./train.py\"]", "signal", "USR1")));
        }
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** Every regular file under {@code dir} with its content, by relative path. */
    private static Map<String, String> tree(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(file).toString(), Files.readString(file));
            }
        }
        return files;
    }

    @Test
    void aRestoredDirectoryIsExactlyAsCapturedWithTheFileAddedSinceSetAsideInOneLine(@TempDir Path tmp)
            throws IOException {
        Path job = tmp.resolve("job");
        write(job.resolve("ckpt/model.pt"), "weights at step 100");
        write(job.resolve("ckpt/optim/adam.pt"), "moments at step 100");
        write(job.resolve("restart.100"), "lammps 100");
        Path ckpt = tmp.resolve("store");
        checkpoint(ckpt, job, "ckpt", "restart.*");
        write(job.resolve("ckpt/model.pt"), "weights at step 150, never checkpointed");
        write(job.resolve("ckpt/step-150.pt"), "added after the capture");
        write(job.resolve("restart.150"), "lammps 150, added after the capture");

        RestartPlan.prepare(new RestartPlan.Request(ckpt, List.of("./train.py"), List.of(Path.of("ckpt"),
                Path.of("restart.*")), job, false), 1, log);

        assertEquals(Map.of("model.pt", "weights at step 100", "optim/adam.pt", "moments at step 100"),
                tree(job.resolve("ckpt")));
        assertEquals(Map.of("restart.100", "lammps 100"), new StatePath(job.resolve("restart.*")).files().keySet()
                .stream().collect(Collectors.toMap(n -> n, n -> read(job.resolve(n)))));
        Path side;
        try (Stream<Path> siblings = Files.list(job)) {
            side = siblings.filter(p -> p.getFileName().toString().startsWith("ckpt.crjob-set-aside-gen1-"))
                    .findFirst().orElseThrow();
        }
        assertEquals(Map.of("step-150.pt", "added after the capture"), tree(side), "nothing lost");
        assertEquals(1, log.warnings().size(), log.warnings().toString());
        String line = log.warnings().get(0);
        assertTrue(line.startsWith("set aside the files written after generation 1 was captured, so the state is"
                + " exactly as captured (nothing deleted): 1 from " + job.resolve("ckpt") + " (step-150.pt) into "
                + side + "; 1 from " + job.resolve("restart.*") + " (restart.150) into "), line);
    }

    @Test
    void aMovedJobDirectoryGetsItsDirectoryBackInTheNewPlace(@TempDir Path tmp) throws IOException {
        Path before = tmp.resolve("before");
        write(before.resolve("ckpt/model.pt"), "w");
        write(before.resolve("ckpt/sub/opt.pt"), "o");
        Path ckpt = tmp.resolve("store");
        checkpoint(ckpt, before, "ckpt");
        Path after = tmp.resolve("after");
        Files.move(before, after);

        RestartPlan.prepare(new RestartPlan.Request(ckpt, List.of("./train.py"), List.of(Path.of("ckpt/")),
                after, false), 1, log);

        assertEquals(Map.of("model.pt", "w", "sub/opt.pt", "o"), tree(after.resolve("ckpt")));
        assertFalse(Files.exists(before), "the old directory is not re-created");
        assertEquals(List.of(), log.warnings());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
