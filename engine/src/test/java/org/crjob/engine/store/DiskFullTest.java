package org.crjob.engine.store;

import static org.crjob.engine.store.StoreFixtures.entriesStartingWith;
import static org.crjob.engine.store.StoreFixtures.numbers;
import static org.crjob.engine.store.StoreFixtures.randomFile;
import static org.crjob.engine.store.StoreFixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.crjob.joblog.RecordingJobLog;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real full disk: a 2 MiB tmpfs. Needs root (or CAP_SYS_ADMIN); aborted, not failed, without. */
class DiskFullTest {

    @Test
    void diskFullDuringCommitKeepsThePreviousGenerationAsLatest(@TempDir Path tmp) throws Exception {
        Path mountPoint = Files.createDirectories(tmp.resolve("small-disk"));
        String mounted = run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mountPoint.toString());
        Assumptions.assumeTrue(mounted.isEmpty(), () -> "cannot mount a 2 MiB tmpfs to fill (this test needs root"
                + " or CAP_SYS_ADMIN): " + mounted);
        try {
            Path ckpt = mountPoint.resolve("ckpt");
            Path small = randomFile(tmp.resolve("app/small.dat"), 100_000, 1);
            Path big = randomFile(tmp.resolve("app/big.dat"), 3 * 1024 * 1024, 2);
            final RecordingJobLog log = new RecordingJobLog();
            try (CheckpointStore store = CheckpointStore.open(ckpt, "job 1 on host test pid 1", 2, log)) {
                Generation first = store.commit(request(CaptureMode.LINK_OR_COPY, small));
                assertEquals("copy", first.files().get(0).stored(), "another file system: linking falls back to copying");

                CheckpointStoreException full = assertThrows(CheckpointStoreException.class,
                        () -> store.commit(request(CaptureMode.LINK_OR_COPY, small, big)));

                String message = full.getMessage();
                assertTrue(message.startsWith("checkpoint not stored: capturing big.dat from " + big + " failed:"
                        + " No space left on device; generation 1 is intact and still the latest; free space in "
                        + ckpt), message);
                assertEquals(List.of(1), numbers(store.generations()));
                assertEquals(Optional.of(1), store.latest().map(Generation::number));
                assertTrue(store.verify(first).ok());
                assertEquals(List.of(), entriesStartingWith(ckpt, ".staging-"), "the half-written generation is gone");
                assertEquals(List.of(), log.entries());
            }
        } finally {
            String unmounted = run("umount", mountPoint.toString());
            if (!unmounted.isEmpty()) {
                run("umount", "-l", mountPoint.toString());
            }
        }
    }

    /** Runs a command; returns "" on success, else its exit code and output. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return "timed out";
        }
        return process.exitValue() == 0 ? "" : "exit " + process.exitValue() + ": " + output;
    }
}
