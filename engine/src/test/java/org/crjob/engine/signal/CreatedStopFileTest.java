package org.crjob.engine.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.crjob.engine.CheckpointFailedException;
import org.crjob.engine.StopFile;
import org.crjob.failure.InvalidValueException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreatedStopFileTest {
    @TempDir
    Path dir;

    @Test
    void theStopFileIsCreatedWithItsContentAndRemovedOnceAnswered() throws Exception {
        CreatedStopFile created = CreatedStopFile.create(StopFile.parse(dir.resolve("STOPCAR") + "=LSTOP = .TRUE.",
                false));

        assertEquals("LSTOP = .TRUE.\n", Files.readString(dir.resolve("STOPCAR")));
        try (var left = Files.list(dir)) {
            assertEquals(1, left.count(), "no temporary file left beside it");
        }
        created.remove();
        assertFalse(Files.exists(dir.resolve("STOPCAR")));
    }

    @Test
    void aLinkAtTheStopFilesPathIsNeverFollowed() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim"), "mine\n");
        Files.createSymbolicLink(dir.resolve("STOP"), victim);

        CheckpointFailedException e = assertThrows(CheckpointFailedException.class,
                () -> CreatedStopFile.create(StopFile.parse(dir.resolve("STOP").toString(), false)));

        assertTrue(e.getMessage().contains("is already there, and crjob did not create it"), e::getMessage);
        assertEquals("mine\n", Files.readString(victim));
        assertTrue(Files.isSymbolicLink(dir.resolve("STOP")), "not removed either");
    }

    @Test
    void aFileThatReplacedTheOneCrjobCreatedIsNotRemoved() throws Exception {
        CreatedStopFile created = CreatedStopFile.create(StopFile.parse(dir.resolve("STOP").toString(), false));
        Files.delete(dir.resolve("STOP"));
        Files.writeString(dir.resolve("STOP"), "a stranger's\n");

        created.remove();

        assertEquals("a stranger's\n", Files.readString(dir.resolve("STOP")));
    }

    @Test
    void aStopFileWithoutAPathIsRefusedNamingTheValue() {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> StopFile.parse("=x", false));

        assertTrue(e.getMessage().contains("--stop-file '=x' names no file"), e::getMessage);
    }
}
