package org.crjob.engine.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.crjob.joblog.JobLog;

/**
 * Not a test: a checkpoint and a restore of application state through the real store ({@link CheckpointStore},
 * {@link CapturedFiles}), next to {@code cp} of the same state on the same disk, interleaved run by run.
 * Usage: {@code StateCaptureBenchmark SIZE FILES DIR RUNS}: SIZE of state (e.g. 1G) in FILES files (1: one file;
 * more: a directory), in DIR, each row RUNS times (median shown). bench/state-capture runs it.
 *
 * <p>Rows: {@code cp}, {@code cp + sync} (each file written fsynced by {@code sync FILE...}); the signal engine's
 * capture of state rewritten in place ({@link CaptureMode#COPY}: a reflink where the file system has them, else a
 * copy hashed in its read); of state the application replaced by rename since the last capture
 * ({@link CaptureMode#LINK_IF_RENAMED}: hard links, hashed in the commit); DMTCP's images
 * ({@link CaptureMode#LINK_OR_COPY}: hard links, hashed in the background, "+ hash" until recorded); the restore of
 * the copied generation ({@link StoreReader#restore}: copied back, hashed in the same read, fsynced, renamed into
 * place) against {@code cp} and {@code cp + sync} of the generation's files; the store's copy alone, hashed in turn
 * and on a second thread. Each figure's line starts with
 * {@code = KEY SECONDS} for the script; the manifest's {@code stored} kinds are printed so a row says what it did.
 */
public final class StateCaptureBenchmark {

    private final Path base;
    private final BenchState state;
    private final Map<String, List<Double>> seconds = new LinkedHashMap<>();
    private final Map<String, Set<String>> kinds = new LinkedHashMap<>();

    private StateCaptureBenchmark(Path base, BenchState state) {
        this.base = base;
        this.state = state;
    }

    public static void main(String[] args) throws Exception {
        long size = StoreBenchmark.parseSize(args[0]);
        int count = Integer.parseInt(args[1]);
        Path base = Files.createTempDirectory(Path.of(args[2]), "crjob-state-capture-");
        int runs = Integer.parseInt(args[3]);
        try {
            BenchState state = BenchState.write(base.resolve(count == 1 ? "state.bin" : "state"), size, count);
            StateCaptureBenchmark bench = new StateCaptureBenchmark(base, state);
            for (int i = 0; i < runs; i++) {
                bench.round(i);
            }
            bench.print();
        } finally {
            DurableFiles.deleteTree(base);
        }
    }

    private void round(int i) throws Exception {
        add("cp", state.cp(state.root(), base.resolve("cp-" + i), false));
        DurableFiles.deleteTree(base.resolve("cp-" + i));
        add("cp_sync", state.cp(state.root(), base.resolve("cpsync-" + i), true));
        DurableFiles.deleteTree(base.resolve("cpsync-" + i));
        copyThenRestore(i);
        hashedCopies(i);
        linked(i);
        linkedAfterRename(i);
    }

    /** The signal engine's capture of files rewritten in place, then the restore of that generation, and cp's. */
    private void copyThenRestore(int i) throws Exception {
        Path dir = base.resolve("copy-" + i);
        try (CheckpointStore store = open(dir)) {
            Generation generation = timedCommit("copy", store, CaptureMode.COPY, state.captures());
            long start = System.nanoTime();
            store.restore(generation, state.targetsIn(base.resolve("restored-" + i)));
            add("restore", (System.nanoTime() - start) / 1e9);
            DurableFiles.deleteTree(base.resolve("restored-" + i));
            Path stored = generation.dir().resolve(state.root().getFileName());
            add("restore_cp", state.cp(stored, base.resolve("cp-restored-" + i), false));
            DurableFiles.deleteTree(base.resolve("cp-restored-" + i));
            add("restore_cp_sync", state.cp(stored, base.resolve("cpsync-restored-" + i), true));
            DurableFiles.deleteTree(base.resolve("cpsync-restored-" + i));
        }
        DurableFiles.deleteTree(dir);
    }

    /**
     * The store's copy alone, side by side: the sha256 computed in turn with the reads and writes (one thread, as
     * before), and on a second thread ({@link HashingCopy}); each file then fsynced, as a commit does.
     */
    private void hashedCopies(int i) throws Exception {
        for (boolean pipelined : new boolean[] {false, true}) {
            Path dir = base.resolve((pipelined ? "pipelined-" : "in-turn-") + i);
            List<Path> written = new ArrayList<>();
            long start = System.nanoTime();
            for (Map.Entry<String, Path> file : state.files().entrySet()) {
                Path to = dir.resolve(file.getKey());
                Files.createDirectories(to.getParent());
                DurableFiles.copyAndHash(file.getValue(), to, pipelined);
                written.add(to);
            }
            DurableFiles.fsyncAll(written);
            add(pipelined ? "copy_pipelined" : "copy_in_turn", (System.nanoTime() - start) / 1e9);
            DurableFiles.deleteTree(dir);
        }
    }

    /** DMTCP's images: hard links, the sha256 recorded in the background, waited for as a run does. */
    private void linked(int i) throws Exception {
        Path dir = base.resolve("link-" + i);
        try (CheckpointStore store = open(dir)) {
            long start = System.nanoTime();
            timedCommit("link", store, CaptureMode.LINK_OR_COPY, state.captures());
            store.finishHashing();
            add("link_hash", (System.nanoTime() - start) / 1e9);
        }
        DurableFiles.deleteTree(dir);
    }

    /**
     * State the application replaced by rename since the last capture: a first, untimed capture of small files at
     * the same paths, then each replaced by a rename of a link to the state's file (another inode), then the
     * timed capture, which links.
     */
    private void linkedAfterRename(int i) throws Exception {
        Path app = base.resolve("app-" + i);
        List<Capture> captures = new ArrayList<>();
        for (Map.Entry<String, Path> file : state.files().entrySet()) {
            Path path = app.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, "before the save");
            captures.add(new Capture(path, file.getKey()));
        }
        Path dir = base.resolve("renamed-" + i);
        try (CheckpointStore store = open(dir)) {
            store.commit(SnapshotRequest.of("bench", CaptureMode.LINK_IF_RENAMED, captures, Duration.ZERO));
            for (Map.Entry<String, Path> file : state.files().entrySet()) {
                Path path = app.resolve(file.getKey());
                Path saved = path.resolveSibling(path.getFileName() + ".new");
                Files.createLink(saved, file.getValue());
                Files.move(saved, path, StandardCopyOption.ATOMIC_MOVE);
            }
            timedCommit("renamed", store, CaptureMode.LINK_IF_RENAMED, captures);
        }
        DurableFiles.deleteTree(dir);
        DurableFiles.deleteTree(app);
    }

    private static CheckpointStore open(Path dir) {
        return CheckpointStore.open(dir, "benchmark", 1, JobLog.silent());
    }

    private Generation timedCommit(String key, CheckpointStore store, CaptureMode mode, List<Capture> captures) {
        long start = System.nanoTime();
        Generation generation = store.commit(SnapshotRequest.of("bench", mode, captures, Duration.ZERO));
        add(key, (System.nanoTime() - start) / 1e9);
        generation.files().forEach(f -> kinds.computeIfAbsent(key, k -> new TreeSet<>()).add(f.stored()));
        return generation;
    }

    private void add(String key, double value) {
        seconds.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    private void print() {
        seconds.forEach((key, values) -> {
            double median = values.stream().mapToDouble(Double::doubleValue).sorted().toArray()[values.size() / 2];
            System.out.printf(Locale.ROOT, "= %s %.4f %s%n", key, median,
                    String.join(",", kinds.getOrDefault(key, Set.of("-"))));
        });
    }
}
