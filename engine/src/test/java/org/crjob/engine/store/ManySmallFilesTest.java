package org.crjob.engine.store;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state directory of many small files (bench/state-capture: 1,000 files) is copied and hashed without a megabyte of
 * direct memory per file (such buffers are freed only by a garbage collection, which the JVM forces, and sleeps for,
 * once they reach its limit: a capture of 1,000 files of 64 KiB took seconds instead of a fraction), and synced all
 * at once rather than one fsync after the other.
 */
class ManySmallFilesTest {

    @TempDir
    Path dir;

    @Test
    void copyingAndHashingManyFilesReusesItsBufferInsteadOfAllocatingDirectMemoryForEach() throws Exception {
        Path source = StoreFixtures.randomFile(dir.resolve("small.bin"), 4096, 1);
        DurableFiles.copyAndHash(source, dir.resolve("warm-up"));
        long before = directBuffers();
        for (int i = 0; i < 200; i++) {
            DurableFiles.copyAndHash(source, dir.resolve("copy-" + i));
            DurableFiles.hash(source);
        }
        long allocated = directBuffers() - before;
        assertTrue(allocated <= 2, allocated + " direct buffers allocated for 400 copies and hashes of small files");
    }

    @Test
    void syncingManyFilesAtOnceSyncsThemAllAndNamesOneThatCannotBeSynced() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            files.add(StoreFixtures.randomFile(dir.resolve("file-" + i), 100, i));
        }
        DurableFiles.fsyncAll(files);
        files.set(17, dir.resolve("gone"));
        NoSuchFileException missing = assertThrows(NoSuchFileException.class, () -> DurableFiles.fsyncAll(files));
        assertTrue(missing.getMessage().contains("gone"), missing.getMessage());
    }

    private static long directBuffers() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getCount).sum();
    }
}
