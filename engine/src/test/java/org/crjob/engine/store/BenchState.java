package org.crjob.engine.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: application state for {@link StateCaptureBenchmark}, one file or a directory of many, and the
 * {@code cp} (+ {@code sync}) it is compared with.
 *
 * @param root  the file, or the directory holding the files
 * @param files name in a generation (its path relative to root's parent) to the file
 */
record BenchState(Path root, Map<String, Path> files) {

    /** {@code count} files of {@code size / count} bytes under {@code root} (a plain file when count is 1). */
    static BenchState write(Path root, long size, int count) throws IOException {
        Map<String, Path> files = new LinkedHashMap<>();
        if (count == 1) {
            writeRandomish(root, size, 0);
            files.put(root.getFileName().toString(), root);
        } else {
            Files.createDirectory(root);
            for (int i = 0; i < count; i++) {
                String name = String.format("part-%04d.bin", i);
                writeRandomish(root.resolve(name), size / count, i * (size / count >> 20) + i);
                files.put(root.getFileName() + "/" + name, root.resolve(name));
            }
        }
        return new BenchState(root, files);
    }

    List<Capture> captures() {
        List<Capture> captures = new ArrayList<>();
        files.forEach((name, path) -> captures.add(new Capture(path, name)));
        return captures;
    }

    /** Each stored name to where a restore into {@code dir} puts it. */
    Map<String, Path> targetsIn(Path dir) {
        Map<String, Path> targets = new LinkedHashMap<>();
        files.keySet().forEach(name -> targets.put(name, dir.resolve(name)));
        return targets;
    }

    /** Seconds of {@code cp -r root target}, then (when asked) of {@code sync} of each file written. */
    double cp(Path from, Path target, boolean sync) throws Exception {
        long start = System.nanoTime();
        run(List.of("cp", "-r", from.toString(), target.toString()));
        if (sync) {
            List<String> command = new ArrayList<>(List.of("sync"));
            try (var walk = Files.walk(target)) {
                walk.filter(Files::isRegularFile).forEach(f -> command.add(f.toString()));
            }
            run(command);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException(command.get(0) + " did not finish within 30 minutes");
        }
        if (process.exitValue() != 0) {
            throw new IOException(command.get(0) + " failed with exit " + process.exitValue());
        }
    }

    /** Random MiB blocks, each stamped with its index, so no block repeats (no dedup, no compression); fsynced. */
    private static void writeRandomish(Path file, long size, long firstIndex) throws IOException {
        byte[] block = new byte[1 << 20];
        new Random(42).nextBytes(block);
        ByteBuffer buffer = ByteBuffer.wrap(block);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0, index = firstIndex; written < size; index++) {
                buffer.clear();
                buffer.putLong(0, index);
                buffer.limit((int) Math.min(block.length, size - written));
                while (buffer.hasRemaining()) {
                    written += out.write(buffer);
                }
            }
            out.force(true); // on disk before timing starts: no run pays for writing it back
        }
    }
}
