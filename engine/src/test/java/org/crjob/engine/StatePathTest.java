package org.crjob.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a --state path stands for: a file, every file of a directory, or the files a glob pattern matches. */
class StatePathTest {

    private static Path touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, file.getFileName().toString());
    }

    @Test
    void aDirectoryStandsForEveryFileUnderItByRelativeName(@TempDir Path tmp) throws IOException {
        touch(tmp.resolve("ckpt/model.pt"));
        touch(tmp.resolve("ckpt/0.5/U"));

        StatePath dir = new StatePath(tmp.resolve("ckpt"));

        assertTrue(dir.tree());
        assertEquals(List.of("0.5/U", "model.pt"), List.copyOf(dir.files().keySet()));
        assertEquals(tmp.resolve("ckpt/0.5/U"), dir.target("0.5/U"));
    }

    @Test
    void aPatternStandsForTheFilesItMatchesNamedFromTheDirectoryBeforeItsFirstWildcard(@TempDir Path tmp)
            throws IOException {
        touch(tmp.resolve("restart.1000"));
        touch(tmp.resolve("restart.2000"));
        touch(tmp.resolve("log.lammps"));
        touch(tmp.resolve("run1/md.cpt"));
        touch(tmp.resolve("run2/md_prev.cpt"));

        assertEquals(List.of("restart.1000", "restart.2000"),
                List.copyOf(new StatePath(tmp.resolve("restart.*")).files().keySet()));
        StatePath gromacs = new StatePath(tmp.resolve("run*/md*.cpt"));
        assertEquals(tmp, gromacs.base());
        assertEquals(List.of("run1/md.cpt", "run2/md_prev.cpt"), List.copyOf(gromacs.files().keySet()));
    }

    @Test
    void aPatternThatMatchesNothingStandsForNoFile(@TempDir Path tmp) throws IOException {
        touch(tmp.resolve("log.lammps"));

        assertEquals(0, new StatePath(tmp.resolve("restart.*")).files().size());
        assertEquals(0, new StatePath(tmp.resolve("missing-dir/*.pt")).files().size());
    }

    @Test
    void filesNotInTheCaptureAreMovedIntoANamedSideDirectoryNotDeleted(@TempDir Path tmp) throws IOException {
        touch(tmp.resolve("ckpt/model.pt"));
        touch(tmp.resolve("ckpt/sub/step-900.pt"));
        StatePath dir = new StatePath(tmp.resolve("ckpt"));

        StatePath.SetAside moved = dir.setAside(Set.of("model.pt"), 3);

        assertEquals(List.of("sub/step-900.pt"), moved.names());
        assertEquals(tmp, moved.dir().getParent());
        assertTrue(moved.dir().getFileName().toString().startsWith("ckpt.crjob-set-aside-gen3-"), moved.dir().toString());
        assertEquals("step-900.pt", Files.readString(moved.dir().resolve("sub/step-900.pt")));
        assertEquals(List.of("model.pt"), List.copyOf(dir.files().keySet()));
    }

    @Test
    void aPatternsSideDirectoryIsNeverPartOfItsNextMatch(@TempDir Path tmp) throws IOException {
        touch(tmp.resolve("restart.1000"));
        touch(tmp.resolve("restart.2000"));
        StatePath restarts = new StatePath(tmp.resolve("**restart.*"));

        StatePath.SetAside moved = restarts.setAside(Set.of("restart.1000"), 1);

        assertFalse(Files.exists(tmp.resolve("restart.2000")));
        assertTrue(Files.exists(moved.dir().resolve("restart.2000")));
        assertEquals(List.of("restart.1000"), List.copyOf(restarts.files().keySet()));
    }
}
