package org.crjob.engine.dmtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.crjob.engine.coordinator.Engines;
import org.crjob.failure.InvalidValueException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding DMTCP, and the error that says how to get it; needs no DMTCP. */
class DmtcpInstallationTest {

    @TempDir
    Path dir;

    @Test
    void absentDmtcpFailsWithHowToGetIt() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        DmtcpNotFoundException e = assertThrows(DmtcpNotFoundException.class, () -> DmtcpInstallation.find(
                Map.of("DMTCP_ROOT", empty.toString(), "PATH", "/usr/bin:/bin")));
        assertTrue(e.getMessage().contains("module load dmtcp"), e.getMessage());
        assertTrue(e.getMessage().contains("DMTCP_ROOT=" + empty), e.getMessage());
        assertTrue(e.getMessage().contains("install guide"), e.getMessage());
        assertThrows(DmtcpNotFoundException.class, () -> DmtcpInstallation.find(Map.of("PATH", "")));
    }

    @Test
    void unknownEngineIsRefused() {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> Engines.requireAvailable("criu"));
        assertTrue(e.getMessage().contains("signal or dmtcp"), e.getMessage());
    }

    @Test
    void dmtcpRootComesBeforePath() throws IOException {
        Path root = fakeInstall(dir.resolve("root"));
        Path other = fakeInstall(dir.resolve("other"));
        assertEquals(root.resolve("bin"), DmtcpInstallation.find(Map.of("DMTCP_ROOT", root.toString(),
                "PATH", other.resolve("bin").toString())).bin());
        assertEquals(other.resolve("bin"), DmtcpInstallation.find(Map.of("DMTCP_ROOT", dir.resolve("nothing").toString(),
                "PATH", "/nonexistent:" + other.resolve("bin"))).bin());
    }

    private static Path fakeInstall(Path root) throws IOException {
        Path bin = Files.createDirectories(root.resolve("bin"));
        for (String program : DmtcpInstallation.PROGRAMS) {
            Files.writeString(bin.resolve(program), "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(bin.resolve(program), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return root;
    }
}
