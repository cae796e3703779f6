package org.crjob.engine.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crjob.failure.UnexpectedStateException;
import org.crjob.joblog.RecordingJobLog;
import org.crjob.neighbour.SecondUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, item 2: another user plants a generation in a shared project directory, whose manifest restores over
 * the victim's files and names the command to run. A restart refuses a store that is not the user's own.
 */
class PlantedGenerationTest {

    @Test
    void aGenerationAnotherUserPlantedIsNeitherRestoredNorRun(@TempDir Path tmp) throws IOException {
        SecondUser mallory = SecondUser.mallory();
        Path bashrc = Files.createDirectories(tmp.resolve("home")).resolve(".bashrc");
        Files.writeString(bashrc, "mallory's\n");
        Path scratch = tmp.resolve("scratch");
        RestartPlanTest.checkpoint(scratch, List.of("sh", "-c", "touch pwned"), bashrc);
        Files.writeString(bashrc, "the victim's own\n");
        SecondUser.readableByEveryone(scratch);
        Path project = SecondUser.shared(tmp.resolve("project"));
        Path ckpt = project.resolve("crjob.ckpt");
        SecondUser.Result planted = mallory.sh("cp -r '" + scratch + "' '" + ckpt + "'");
        assertEquals(0, planted.status(), planted.output());

        UnexpectedStateException refused = assertThrows(UnexpectedStateException.class,
                () -> RestartPlan.prepare(ckpt, List.of(), 1, new RecordingJobLog()));

        assertEquals("the victim's own\n", Files.readString(bashrc));
        assertTrue(refused.getMessage().contains(SecondUser.NAME), refused.getMessage());
        assertTrue(refused.getMessage().contains(ckpt.toString()), refused.getMessage());
        assertFalse(Files.exists(project.resolve("pwned")));
    }
}
