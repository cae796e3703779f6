package org.crjob.engine.jobfiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.engine.protocol.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileTest {

    private static CoordinatorInfo info(Path workDir) {
        Instant started = Instant.parse("2025-01-02T03:04:05.123456Z");
        return new CoordinatorInfo("123456", "nid001234", 40123, 4242, "dmtcp", Tokens.newToken(), workDir,
                workDir.resolve("crjob.ckpt"), started, started.plusSeconds(10));
    }

    @Test
    void stateFileIsWrittenPrivateAndReadBack(@TempDir Path tmp) throws IOException {
        JobPaths paths = new JobPaths(tmp, "123456");
        paths.createStateDir();
        CoordinatorInfo info = info(tmp);

        StateFile.write(paths.stateFile(), info);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.stateFile())));
        assertEquals(info, StateFile.read(paths.stateFile()));
        try (Stream<Path> files = Files.list(paths.stateDir())) {
            assertEquals(List.of(paths.stateFile()), files.toList(), "no temporary file left behind");
        }
        // people read it: plain paths and ISO times, not URIs and epoch numbers
        String json = Files.readString(paths.stateFile());
        assertTrue(json.contains("\"workDir\" : \"" + tmp + "\""), json);
        assertTrue(json.contains("\"startedAt\" : \"2025-01-02T03:04:05.123456Z\""), json);
    }

    @Test
    void aHeartbeatReplacesTheFileAndKeepsItPrivate(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("coordinator.json");
        Files.writeString(file, "left over, world-readable");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        CoordinatorInfo info = info(tmp);

        StateFile.write(file, info);
        Instant beat = info.heartbeat().plusSeconds(10);
        StateFile.write(file, info.withHeartbeat(beat));

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(beat, StateFile.read(file).heartbeat());
        assertEquals(info.startedAt(), StateFile.read(file).startedAt());
    }

    @Test
    void missingStateFileSaysWhatToCheck(@TempDir Path tmp) {
        Path file = new JobPaths(tmp, "98765").stateFile();

        StateFileException e = assertThrows(StateFileException.class, () -> StateFile.read(file));

        assertEquals(StateFileException.Reason.MISSING, e.reason());
        assertEquals("no coordinator state at " + file + ": is crjob running in job 98765? it writes this file when"
                + " its coordinator starts", e.getMessage());
    }

    @Test
    void anUnparseableStateFileIsNamed(@TempDir Path tmp) throws IOException {
        Path notJson = Files.writeString(tmp.resolve("a.json"), "host=nid001\n");
        Path noToken = Files.writeString(tmp.resolve("b.json"), "{\"jobId\":\"1\",\"host\":\"n\",\"port\":1,\"pid\":2,"
                + "\"engine\":\"dmtcp\",\"workDir\":\"/w\",\"ckptDir\":\"/c\",\"startedAt\":\"2025-01-01T00:00:00Z\","
                + "\"heartbeat\":\"2025-01-01T00:00:00Z\"}");

        StateFileException e1 = assertThrows(StateFileException.class, () -> StateFile.read(notJson));
        StateFileException e2 = assertThrows(StateFileException.class, () -> StateFile.read(noToken));

        assertEquals(StateFileException.Reason.UNPARSEABLE, e1.reason());
        assertTrue(e1.getMessage().startsWith("cannot parse " + notJson + " ("), e1.getMessage());
        assertTrue(e2.getMessage().contains("no token"), e2.getMessage());
    }

    @Test
    void anotherUsersStateFileSaysItIsPrivate(@TempDir Path tmp) throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads any file");
        JobPaths paths = new JobPaths(tmp, "555");
        paths.createStateDir();
        StateFile.write(paths.stateFile(), info(tmp));
        Files.setPosixFilePermissions(paths.stateFile(), PosixFilePermissions.fromString("---------"));

        StateFileException e = assertThrows(StateFileException.class, () -> StateFile.read(paths.stateFile()));

        assertEquals(StateFileException.Reason.UNREADABLE, e.reason());
        assertTrue(e.getMessage().contains("private to the job's owner"), e.getMessage());
    }

    @Test
    void writingIntoAMissingDirectorySaysToCreateIt(@TempDir Path tmp) {
        Path file = new JobPaths(tmp, "7").stateFile();

        IOException e = assertThrows(IOException.class, () -> StateFile.write(file, info(tmp)));

        assertTrue(e.getMessage().contains(file.getParent().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("createStateDir"), e.getMessage());
    }

    @Test
    void deleteRemovesTheFileAndToleratesItsAbsence(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("coordinator.json");
        StateFile.write(file, info(tmp));

        StateFile.delete(file);
        StateFile.delete(file);

        assertFalse(Files.exists(file));
    }

    @Test
    void theInfoDoesNotShowItsToken(@TempDir Path tmp) {
        CoordinatorInfo info = info(tmp);

        assertFalse(info.toString().contains(info.token()), info.toString());
    }
}
