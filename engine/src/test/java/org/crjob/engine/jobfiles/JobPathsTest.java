package org.crjob.engine.jobfiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.crjob.failure.InvalidValueException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobPathsTest {

    @Test
    void everyFileHasItsPlaceUnderTheWorkDir(@TempDir Path tmp) {
        JobPaths paths = new JobPaths(tmp, "123456_7");

        assertEquals(tmp.resolve(".crjob/123456_7"), paths.stateDir());
        assertEquals(tmp.resolve(".crjob/123456_7/coordinator.json"), paths.stateFile());
        assertEquals(tmp.resolve(".crjob/123456_7/events.jsonl"), paths.eventsFile());
        assertEquals(tmp.resolve(".crjob/123456_7/coordinator.log"), paths.logFile());
        assertEquals(tmp.resolve("crjob_command.123456_7"), paths.commandWrapper());
    }

    @Test
    void theStateDirIsPrivateEvenWhenItExistedBefore(@TempDir Path tmp) throws IOException {
        JobPaths paths = new JobPaths(tmp, "42");
        Files.createDirectories(paths.stateDir());
        Files.setPosixFilePermissions(paths.stateDir(), PosixFilePermissions.fromString("rwxr-xr-x"));

        Path dir = paths.createStateDir();

        assertEquals(paths.stateDir(), dir);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    }

    @Test
    void aJobIdThatWouldLeaveTheStateDirIsRefused(@TempDir Path tmp) {
        for (String bad : new String[] {"../etc", "1/2", "", ".."}) {
            InvalidValueException e = assertThrows(InvalidValueException.class, () -> new JobPaths(tmp, bad));
            assertTrue(e.getMessage().contains("SLURM_JOB_ID"), e.getMessage());
        }
    }
}
