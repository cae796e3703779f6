package org.crjob.posix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FICLONE where the file system has it; where it has not, nothing is left behind and the caller copies. */
class ReflinkTest {

    @Test
    void aCloneHasTheSourcesContentAndAWriteToTheSourceLeavesItOrNothingIsCreated(@TempDir Path tmp)
            throws IOException {
        Path source = Files.write(tmp.resolve("state.dat"), new byte[] {1, 2, 3, 4});
        Path clone = tmp.resolve("clone.dat");

        if (Reflink.cloneFile(source, clone)) {
            Files.write(source, new byte[] {9, 9, 9, 9});
            assertArrayEquals(new byte[] {1, 2, 3, 4}, Files.readAllBytes(clone));
        } else {
            assertFalse(Files.exists(clone), "no empty file left where the clone failed");
        }
    }

    @Test
    void anExistingTargetIsNeverOverwritten(@TempDir Path tmp) throws IOException {
        Path source = Files.write(tmp.resolve("state.dat"), new byte[] {1});
        Path target = Files.write(tmp.resolve("taken"), new byte[] {7});

        PosixException e = assertThrows(PosixException.class, () -> Reflink.cloneFile(source, target));

        assertTrue(e.getMessage().startsWith("open(" + target + ") failed: "), e.getMessage());
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(target));
    }
}
