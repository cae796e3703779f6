package org.crjob.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crjob.failure.CrjobException;
import org.crjob.failure.UnexpectedStateException;
import org.crjob.joblog.JobLog;
import org.crjob.neighbour.SecondUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 18, item 2: the store is the user's own and private, and its lock never writes through a link. */
class HostileNeighbourStoreTest {

    @Test
    void aLockFileAnotherUserLinkedToAPrivateFileLeavesThatFileAlone(@TempDir Path tmp) throws IOException {
        SecondUser mallory = SecondUser.mallory();
        Path secret = Files.writeString(Files.createDirectories(tmp.resolve("home")).resolve("secret"), "mine\n");
        Path project = SecondUser.shared(tmp.resolve("project"));
        Path ckpt = project.resolve("crjob.ckpt");
        open(ckpt).close();
        // a group-writable store, as umask 002 in a setgid project directory makes it
        Files.setPosixFilePermissions(ckpt, PosixFilePermissions.fromString("rwxrwxrwx"));
        SecondUser.Result linked = mallory.sh("rm -f '" + ckpt + "/.lock' && ln -s '" + secret + "' '" + ckpt
                + "/.lock'");
        assertEquals(0, linked.status(), linked.output());

        CrjobException refused = assertThrows(CrjobException.class, () -> open(ckpt).close());

        assertEquals("mine\n", Files.readString(secret));
        assertTrue(refused.getMessage().contains("writable"), refused.getMessage());
    }

    @Test
    void aStoreOfAnotherUserIsRefusedSayingWhoseItIs(@TempDir Path tmp) throws IOException {
        SecondUser mallory = SecondUser.mallory();
        Path project = SecondUser.shared(tmp.resolve("project"));
        Path ckpt = project.resolve("crjob.ckpt");
        assertEquals(0, mallory.sh("mkdir -m 700 '" + ckpt + "'").status());
        // root may enter it anyway: the owner, not the mode, is what is refused
        UnexpectedStateException refused = assertThrows(UnexpectedStateException.class,
                () -> open(ckpt).close());

        assertTrue(refused.getMessage().contains(SecondUser.NAME + " (uid " + mallory.uid() + ")"),
                refused.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gen-000001", "gen-000001/MANIFEST.json"})
    void aGenerationOrManifestAnotherUserOwnsIsRefusedBeforeAnythingIsRestored(String planted, @TempDir Path tmp)
            throws IOException {
        SecondUser mallory = SecondUser.mallory();
        Path state = Files.writeString(tmp.resolve("state.dat"), "stored\n");
        Path ckpt = tmp.resolve("ckpt");
        storeOneGeneration(ckpt, state);
        Files.writeString(state, "the run's own\n");
        mallory.give(ckpt.resolve(planted));

        UnexpectedStateException refused = assertThrows(UnexpectedStateException.class,
                () -> CheckpointStore.read(ckpt).restoreNewest(g -> Map.of("state.dat", state), false,
                        JobLog.silent()));

        assertEquals("the run's own\n", Files.readString(state));
        assertTrue(refused.getMessage().contains(ckpt.resolve(planted) + " belongs to " + SecondUser.NAME),
                refused.getMessage());
    }

    @Test
    void aGenerationItsGroupMayWriteIsRefusedSayingHowToFixIt(@TempDir Path tmp) throws IOException {
        Path state = Files.writeString(tmp.resolve("state.dat"), "stored\n");
        Path ckpt = tmp.resolve("ckpt");
        storeOneGeneration(ckpt, state);
        Files.setPosixFilePermissions(ckpt.resolve("gen-000001"), PosixFilePermissions.fromString("rwxrwx---"));

        UnexpectedStateException refused = assertThrows(UnexpectedStateException.class,
                () -> CheckpointStore.read(ckpt).generations());

        assertTrue(refused.getMessage().contains("is writable by its group (mode rwxrwx---)")
                && refused.getMessage().contains("chmod go-w " + ckpt.resolve("gen-000001")), refused.getMessage());
    }

    @Test
    void aLockFileThatIsASymbolicLinkIsRefusedAndItsTargetKept(@TempDir Path tmp) throws IOException {
        Path secret = Files.writeString(tmp.resolve("secret"), "mine\n");
        Path ckpt = tmp.resolve("ckpt");
        open(ckpt).close();
        Files.delete(ckpt.resolve(".lock"));
        Files.createSymbolicLink(ckpt.resolve(".lock"), secret);

        CrjobException refused = assertThrows(CrjobException.class, () -> open(ckpt).close());

        assertEquals("mine\n", Files.readString(secret));
        assertTrue(refused.getMessage().contains("symbolic link"), refused.getMessage());
    }

    @Test
    void theStoreItsGenerationsAndFilesArePrivateWhateverTheUmask(@TempDir Path tmp) throws IOException {
        Path state = Files.writeString(tmp.resolve("state.dat"), "state\n");
        Path ckpt = tmp.resolve("ckpt");
        storeOneGeneration(ckpt, state);
        List<String> modes = new ArrayList<>();
        for (Path path : List.of(ckpt, ckpt.resolve("gen-000001"), ckpt.resolve(".lock"),
                ckpt.resolve("gen-000001/MANIFEST.json"), ckpt.resolve("gen-000001/state.dat"))) {
            modes.add(tmp.relativize(path) + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
        }

        assertEquals(List.of("ckpt rwx------", "ckpt/gen-000001 rwx------", "ckpt/.lock rw-------",
                "ckpt/gen-000001/MANIFEST.json rw-------", "ckpt/gen-000001/state.dat rw-------"), modes);
    }

    /** Generation 1 of {@code state}, committed by a store closed since. */
    private static void storeOneGeneration(Path ckpt, Path state) {
        try (CheckpointStore store = open(ckpt)) {
            store.commit(StoreFixtures.request(CaptureMode.COPY, state));
        }
    }

    private static CheckpointStore open(Path ckpt) {
        return StoreFixtures.openAsAJob(ckpt, 2, JobLog.silent(), GenerationHasher.Pause.NONE);
    }
}
