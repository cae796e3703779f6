package org.crjob.engine.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crjob.engine.CheckpointEngine.StateFile;
import org.crjob.engine.CheckpointFailedException;
import org.crjob.engine.store.Capture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a checkpoint stores for each --state path: a file, a directory's files, a pattern's matches. */
class SignalEngineCapturesTest {

    @Test
    void aDirectorysFilesAreStoredUnderItsStoredNameByRelativePath(@TempDir Path tmp) throws IOException {
        Files.createDirectories(tmp.resolve("ckpt/sub"));
        Files.writeString(tmp.resolve("ckpt/model.pt"), "m");
        Files.writeString(tmp.resolve("ckpt/sub/opt.pt"), "o");

        List<Capture> captures = SignalEngine.captures(new StateFile("state1-ckpt", tmp.resolve("ckpt")));

        assertEquals(List.of("state1-ckpt/model.pt", "state1-ckpt/sub/opt.pt"),
                captures.stream().map(Capture::name).toList());
        assertEquals(tmp.resolve("ckpt/sub/opt.pt"), captures.get(1).source());
    }

    @Test
    void aPlainStateFileKeepsItsStoredName(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("count.state"), "1");

        assertEquals(List.of(new Capture(tmp.resolve("count.state"), "state1-count.state")),
                SignalEngine.captures(new StateFile("state1-count.state", tmp.resolve("count.state"))));
    }

    @Test
    void aPatternThatMatchesNothingAtACheckpointFailsItNamingThePattern(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("log.lammps"), "");

        CheckpointFailedException e = assertThrows(CheckpointFailedException.class, () -> SignalEngine.captures(
                new StateFile("state1-restart.*", tmp.resolve("restart.*"))));

        assertEquals("the application reported its checkpoint done, but the --state pattern " + tmp.resolve("restart.*")
                + " matches no file: check the --state paths given to crjob (relative ones are in the job's working"
                + " directory), and that the application saves there; the previous checkpoint is still the one to"
                + " restart from", e.getMessage());
    }

    @Test
    void anEmptyStateDirectoryAtACheckpointFailsIt(@TempDir Path tmp) throws IOException {
        Files.createDirectories(tmp.resolve("ckpt"));

        CheckpointFailedException e = assertThrows(CheckpointFailedException.class,
                () -> SignalEngine.captures(new StateFile("state1-ckpt", tmp.resolve("ckpt"))));

        assertTrue(e.getMessage().contains("the --state directory " + tmp.resolve("ckpt") + " holds no file"),
                e.getMessage());
    }
}
