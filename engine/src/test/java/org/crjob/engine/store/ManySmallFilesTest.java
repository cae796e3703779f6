package org.crjob.engine.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state directory of many small files (bench/state-capture: 1,000 files) is copied and hashed without a megabyte of
 * direct memory per file: such buffers are freed only by a garbage collection, which the JVM forces (and sleeps for)
 * once they reach its limit, and that made a capture of 1,000 files of 64 KiB take seconds instead of a fraction.
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

    private static long directBuffers() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getCount).sum();
    }
}
