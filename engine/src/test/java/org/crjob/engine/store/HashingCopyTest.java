package org.crjob.engine.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large file is copied with its sha256 computed on a second thread: the copy and the hash must still be exactly
 * those of the source's bytes, in order, whatever the two threads' speeds, and each copy reuses the same buffers.
 */
class HashingCopyTest {
    private static final int LARGE = (int) DurableFiles.PIPELINED_FROM * 3 + 12_345; // chunks in flight, a partial last

    @TempDir
    Path dir;

    @Test
    void aLargeFileIsCopiedByteForByteWithTheSha256OfItsBytes() throws Exception {
        Path source = StoreFixtures.randomFile(dir.resolve("large.bin"), LARGE, 7);

        DurableFiles.Content copied = DurableFiles.copyAndHash(source, dir.resolve("copy.bin"));

        assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(dir.resolve("copy.bin")));
        assertEquals(LARGE, copied.size());
        assertEquals(sha256Of(source), copied.sha256());
    }

    @Test
    void filesAtTheEdgeOfThePipelineAreCopiedAndHashedExactly() throws Exception {
        for (long size : new long[] {0, 1, DurableFiles.BUFFER, DurableFiles.PIPELINED_FROM,
            DurableFiles.PIPELINED_FROM + 1, DurableFiles.PIPELINED_FROM + DurableFiles.BUFFER}) {
            Path source = StoreFixtures.randomFile(dir.resolve("in-" + size), (int) size, size);
            DurableFiles.Content copied = DurableFiles.copyAndHash(source, dir.resolve("out-" + size));
            assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(dir.resolve("out-" + size)), "size " + size);
            assertEquals(sha256Of(source), copied.sha256(), "size " + size);
        }
    }

    @Test
    void copiesOfLargeFilesReuseTheirBuffersInsteadOfAllocatingDirectMemoryForEach() throws Exception {
        Path source = StoreFixtures.randomFile(dir.resolve("large.bin"), LARGE, 3);
        DurableFiles.copyAndHash(source, dir.resolve("warm-up"));
        long before = directBuffers();
        for (int i = 0; i < 20; i++) {
            DurableFiles.copyAndHash(source, dir.resolve("copy-" + i));
        }
        long allocated = directBuffers() - before;
        assertTrue(allocated <= 1, allocated + " direct buffers allocated for 20 copies of a large file");
    }

    @Test
    void aHashThatFailsEndsTheCopyWithTheFailureInsteadOfLeavingItWaitingForABuffer() throws Exception {
        Path source = StoreFixtures.randomFile(dir.resolve("large.bin"), LARGE, 5);
        MessageDigest failing = new MessageDigest("failing") {
            @Override
            protected void engineUpdate(byte input) {
                throw new IllegalStateException("digest broken");
            }

            @Override
            protected void engineUpdate(byte[] input, int offset, int len) {
                throw new IllegalStateException("digest broken");
            }

            @Override
            protected byte[] engineDigest() {
                return new byte[0];
            }

            @Override
            protected void engineReset() {
            }
        };

        IllegalStateException failed = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(
                IllegalStateException.class, () -> {
                    try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
                         FileChannel out = FileChannel.open(dir.resolve("copy.bin"), StandardOpenOption.CREATE_NEW,
                                 StandardOpenOption.WRITE);
                         HashingCopy copy = new HashingCopy(failing)) {
                        copy.copy(in, out);
                    }
                }));
        assertEquals("digest broken", failed.getCause().getMessage());
    }

    private static String sha256Of(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static long directBuffers() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getCount).sum();
    }
}
