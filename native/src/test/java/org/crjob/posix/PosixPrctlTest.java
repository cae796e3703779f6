package org.crjob.posix;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** These flags belong to the shared test JVM, so every test puts them back as it found them. */
class PosixPrctlTest {

    private int orphan;

    @AfterEach
    void restore() {
        Posix.setChildSubreaper(false);
        Posix.clearParentDeathSignal();
        if (orphan > 0 && Posix.isAlive(orphan)) {
            Posix.kill(orphan, Signal.KILL);
        }
    }

    @Test
    void childSubreaperFlagRoundTrips() {
        Posix.setChildSubreaper(true);
        assertTrue(Posix.isChildSubreaper());

        Posix.setChildSubreaper(false);
        assertFalse(Posix.isChildSubreaper());
    }

    /** The reason for the flag: a grandchild whose parent exits is reparented to us, not to init. */
    @Test
    void asSubreaperWeAdoptAnOrphanedGrandchild(@TempDir Path dir) throws Exception {
        Posix.setChildSubreaper(true);
        Path pidFile = dir.resolve("orphan");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "sleep 300 & echo $! > \"$P\"")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile());
        pb.environment().put("P", pidFile.toString());
        Process bash = pb.start();
        assertTrue(bash.waitFor(10, TimeUnit.SECONDS), "bash did not exit"); // at once, orphaning its sleep
        assertEquals(0, bash.exitValue());
        orphan = Integer.parseInt(Files.readString(pidFile).strip());

        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(orphan)
                .flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(-1L) == Posix.getpid());
        // It stays our zombie after the KILL in restore(): nothing here reaps it until the JVM exits.
    }

    @Test
    void parentDeathSignalCanBeSetReadBackAndCleared() {
        Posix.setParentDeathSignal(Signal.TERM);
        assertEquals(Optional.of(Signal.TERM), Posix.parentDeathSignal());

        Posix.clearParentDeathSignal();
        assertEquals(Optional.empty(), Posix.parentDeathSignal());
    }
}
