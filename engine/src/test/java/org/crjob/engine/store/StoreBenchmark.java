package org.crjob.engine.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.crjob.joblog.JobLog;

/**
 * Not a test: how long a store commit takes next to a plain {@code cp} of the same file on the same
 * disk. Usage: {@code StoreBenchmark [SIZE [DIR]]}, SIZE like {@code 1G} (default), {@code 256M} or bytes,
 * DIR default the temporary directory. Run from engine/ after {@code mvn test-compile} with
 * {@code java -cp target/classes:target/test-classes:JACKSON org.crjob.engine.store.StoreBenchmark 256M /tmp},
 * JACKSON being the jackson-databind, -core, -annotations and -datatype-jsr310 jars (for instance from
 * {@code mvn dependency:build-classpath}).
 *
 * <p>Each figure is the median of three runs, each into a fresh directory. The page cache is warm
 * (the file was just written), so this measures the store's own work: linking or copying, fsync, the
 * manifest, {@code latest}. {@code cp} does not fsync, hence {@code cp+sync} as well. A copy is hashed as it is
 * copied, inside the commit; a hard link's sha256 is recorded by the background hasher after the commit returns;
 * "+ hash" is the time from the commit's start until {@link CheckpointStore#finishHashing} returns (what a run waits
 * for before its requeue), the whole cost of a generation that is fully verifiable by hash. The linked file's hash
 * per GiB ("+ hash" minus the commit) is shown beside {@code sha256sum} of the same file.
 */
public final class StoreBenchmark {

    private static final int RUNS = 3;

    private StoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long size = args.length > 0 ? parseSize(args[0]) : 1L << 30;
        Path parent = Path.of(args.length > 1 ? args[1] : System.getProperty("java.io.tmpdir"));
        Path base = Files.createTempDirectory(parent, "crjob-bench-");
        try {
            Path source = base.resolve("ckpt_app.dmtcp");
            writeRandomish(source, size);

            List<Timing> links = runs(i -> commit(base.resolve("link-" + i), source, CaptureMode.LINK_OR_COPY));
            List<Timing> copies = runs(i -> commit(base.resolve("copy-" + i), source, CaptureMode.COPY));
            double link = median(links, Timing::commit);
            double copy = median(copies, Timing::commit);
            double cp = median(i -> run("cp", source.toString(), base.resolve("cp-" + i).toString()));
            double cpSync = median(i -> {
                Path target = base.resolve("cpsync-" + i);
                return run("cp", source.toString(), target.toString()) + run("sync", target.toString());
            });

            double sha256sum = median(i -> run("sha256sum", source.toString()));
            double linkHash = median(links, Timing::hashed);
            double gib = size / (double) (1L << 30);

            System.out.printf(Locale.ROOT, "%s on %s (%s), median of %d: commit by link %.3f s (%.2fx cp)"
                    + " | commit by copy %.3f s (%.2fx cp) | cp %.3f s | cp+sync %.3f s (%.2fx cp)"
                    + " | link + hash %.3f s | copy + hash %.3f s | sha256sum %.3f s"
                    + " | linked file's hash %.3f s per GiB (%.2fx sha256sum)%n",
                    human(size), parent, Files.getFileStore(base).type(), RUNS, link, link / cp, copy, copy / cp, cp,
                    cpSync, cpSync / cp, linkHash, median(copies, Timing::hashed), sha256sum,
                    (linkHash - link) / gib, (linkHash - link) / sha256sum);
        } finally {
            DurableFiles.deleteTree(base);
        }
    }

    private interface Run {
        double seconds(int i) throws Exception;
    }

    private static double median(Run run) throws Exception {
        return median(runs(i -> new Timing(run.seconds(i), 0)), Timing::commit);
    }

    /** Seconds from the commit's start until it returned, and until the background hash was recorded. */
    private record Timing(double commit, double hashed) {
    }

    private interface Timed {
        Timing run(int i) throws Exception;
    }

    private static List<Timing> runs(Timed run) throws Exception {
        List<Timing> timings = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            timings.add(run.run(i));
        }
        return timings;
    }

    private static double median(List<Timing> timings, ToDoubleFunction<Timing> figure) {
        return timings.stream().mapToDouble(figure).sorted().toArray()[timings.size() / 2];
    }

    private static Timing commit(Path dir, Path source, CaptureMode mode) throws Exception {
        try (CheckpointStore store = CheckpointStore.open(dir, "benchmark", 1, JobLog.silent())) {
            SnapshotRequest request = SnapshotRequest.of("bench", mode, List.of(Capture.of(source)), Duration.ZERO);
            long start = System.nanoTime();
            store.commit(request);
            double committed = (System.nanoTime() - start) / 1e9;
            store.finishHashing(); // what a run does before its requeue
            double hashed = (System.nanoTime() - start) / 1e9;
            String stored = store.generations().get(0).files().get(0).stored();
            if (mode == CaptureMode.LINK_OR_COPY && !stored.equals(StoredFile.LINK)) {
                System.err.println("note: the link fell back to a copy on this file system");
            }
            return new Timing(committed, hashed);
        }
    }

    private static double run(String... command) throws Exception {
        return time(() -> {
            Process process = new ProcessBuilder(command).inheritIO().start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within 10 minutes");
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed with exit " + process.exitValue());
            }
            return null;
        });
    }

    private static double time(Callable<?> work) throws Exception {
        long start = System.nanoTime();
        work.call();
        return (System.nanoTime() - start) / 1e9;
    }

    /** One random MiB, each copy stamped with its index, so no block repeats (no dedup, no compression). */
    private static void writeRandomish(Path file, long size) throws IOException {
        byte[] block = new byte[1 << 20];
        new Random(42).nextBytes(block);
        ByteBuffer buffer = ByteBuffer.wrap(block);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0, index = 0; written < size; index++) {
                buffer.clear();
                buffer.putLong(0, index);
                buffer.limit((int) Math.min(block.length, size - written));
                while (buffer.hasRemaining()) {
                    written += out.write(buffer);
                }
            }
            // the source is on disk before timing starts, so no run pays for writing it back
            out.force(true);
        }
    }

    static long parseSize(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT).replaceAll("I?B$", "");
        long unit = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            default -> 1;
        };
        try {
            long number = Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1));
            if (number <= 0) {
                throw new NumberFormatException();
            }
            return number * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size must be a positive number of bytes, optionally with K, M or G"
                    + " (e.g. 256M), got '" + text + "'");
        }
    }

    private static String human(long bytes) {
        return bytes % (1L << 30) == 0 ? bytes / (1L << 30) + " GiB"
                : bytes % (1L << 20) == 0 ? bytes / (1L << 20) + " MiB" : bytes + " bytes";
    }
}
