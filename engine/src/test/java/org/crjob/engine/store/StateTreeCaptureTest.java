package org.crjob.engine.store;

import static org.crjob.engine.store.StoreFixtures.awaitHashed;
import static org.crjob.engine.store.StoreFixtures.inode;
import static org.crjob.engine.store.StoreFixtures.openAsAJob;
import static org.crjob.engine.store.StoreFixtures.randomFile;
import static org.crjob.engine.store.StoreFixtures.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crjob.failure.InvalidValueException;
import org.crjob.joblog.RecordingJobLog;
import org.crjob.posix.Reflink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17 part 1: directories stored file by file, and captures by link, reflink or copy as is safe. */
class StateTreeCaptureTest {

    private final RecordingJobLog log = new RecordingJobLog();

    private static SnapshotRequest request(CaptureMode mode, Map<String, Path> files) {
        return SnapshotRequest.of("signal", mode,
                files.entrySet().stream().map(f -> new Capture(f.getValue(), f.getKey())).toList(), Duration.ZERO);
    }

    private static StoredFile stored(Generation generation, String name) {
        return generation.files().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aDirectoryIsStoredFileByFileUnderRelativePathsAndRestoredExactly(@TempDir Path tmp) throws IOException {
        Path ckptDir = tmp.resolve("app/ckpt");
        Path model = randomFile(ckptDir.resolve("model.pt"), 3000, 1);
        Path optimizer = randomFile(ckptDir.resolve("sub/deeper/optimizer.pt"), 2000, 2);
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("state1-ckpt/model.pt", model);
        files.put("state1-ckpt/sub/deeper/optimizer.pt", optimizer);
        Path store = tmp.resolve("store");
        Generation generation;
        try (CheckpointStore open = openAsAJob(store, 2, log, GenerationHasher.Pause.NONE)) {
            generation = open.commit(request(CaptureMode.COPY, files));
        }
        generation = awaitHashed(store, generation.number());
        assertEquals(List.of("state1-ckpt/model.pt", "state1-ckpt/sub/deeper/optimizer.pt"),
                generation.files().stream().map(StoredFile::name).toList());
        assertEquals(2000, stored(generation, "state1-ckpt/sub/deeper/optimizer.pt").size());
        assertEquals(sha256(optimizer), stored(generation, "state1-ckpt/sub/deeper/optimizer.pt").sha256());
        assertTrue(CheckpointStore.read(store).verify(generation).ok());

        Path back = tmp.resolve("elsewhere");
        CheckpointStore.read(store).restore(generation, Map.of(
                "state1-ckpt/model.pt", back.resolve("model.pt"),
                "state1-ckpt/sub/deeper/optimizer.pt", back.resolve("sub/deeper/optimizer.pt")));
        assertArrayEquals(Files.readAllBytes(model), Files.readAllBytes(back.resolve("model.pt")));
        assertArrayEquals(Files.readAllBytes(optimizer), Files.readAllBytes(back.resolve("sub/deeper/optimizer.pt")));
    }

    @Test
    void aNameThatWouldLeaveTheGenerationIsRefused(@TempDir Path tmp) throws IOException {
        Path file = randomFile(tmp.resolve("a"), 10, 1);
        for (String bad : List.of("state1-x/../../evil", "/etc/passwd", "state1-x//a", "state1-x/./a", "state1-x/")) {
            assertThrows(InvalidValueException.class, () -> new Capture(file, bad), bad);
        }
    }

    @Test
    void aFileReplacedByRenameSinceTheLastCaptureIsLinkedAndOneWrittenInPlaceIsCopied(@TempDir Path tmp)
            throws IOException {
        Path renamed = randomFile(tmp.resolve("app/renamed.dat"), 4000, 1);
        Path inPlace = randomFile(tmp.resolve("app/in-place.dat"), 4000, 2);
        Map<String, Path> files = Map.of("renamed.dat", renamed, "in-place.dat", inPlace);
        Path store = tmp.resolve("store");
        try (CheckpointStore open = openAsAJob(store, 2, log, GenerationHasher.Pause.NONE)) {
            Generation first = open.commit(request(CaptureMode.LINK_IF_RENAMED, files));
            assertNotEquals(StoredFile.LINK, stored(first, "renamed.dat").stored(), "nothing to compare at the first");

            Path temp = randomFile(tmp.resolve("app/renamed.dat.tmp"), 4000, 3);
            Files.move(temp, renamed, StandardCopyOption.ATOMIC_MOVE);
            Files.write(inPlace, Files.readAllBytes(renamed)); // truncated and rewritten: the same inode
            Generation second = open.commit(request(CaptureMode.LINK_IF_RENAMED, files));

            assertEquals(StoredFile.LINK, stored(second, "renamed.dat").stored());
            assertEquals(inode(renamed), inode(second.file("renamed.dat")), "no copy made");
            assertNotEquals(StoredFile.LINK, stored(second, "in-place.dat").stored());
            assertNotEquals(inode(inPlace), inode(second.file("in-place.dat")), "shares no inode with a file written"
                    + " in place");
        }
        Generation hashed = awaitHashed(store, 2);
        assertEquals(sha256(renamed), stored(hashed, "renamed.dat").sha256(), "a link hashed before the store closed");
    }

    /**
     * A restart in place restores the newest generation as soon as it is committed: a linked state file hashed later,
     * in the background, made that generation "unverified" then, and the application restarted from the one before
     * (work lost; SignalEngineE2ETest's save-and-quit counter began again from the older count).
     */
    @Test
    void aLinkedStateFileIsHashedInTheCommitSoTheGenerationVerifiesAtOnce(@TempDir Path tmp) throws IOException {
        Path renamed = randomFile(tmp.resolve("app/state.dat"), 4000, 1);
        Map<String, Path> files = Map.of("state.dat", renamed);
        HeldHasher held = new HeldHasher(HeldHasher.Where.BEFORE_HASHING, 2);
        try (CheckpointStore open = openAsAJob(tmp.resolve("store"), 2, log, held)) {
            open.commit(request(CaptureMode.LINK_IF_RENAMED, files));
            Files.move(randomFile(tmp.resolve("app/state.dat.tmp"), 4000, 2), renamed, StandardCopyOption.ATOMIC_MOVE);

            Generation linked = open.commit(request(CaptureMode.LINK_IF_RENAMED, files));

            assertEquals(StoredFile.LINK, stored(linked, "state.dat").stored());
            assertEquals(sha256(renamed), stored(linked, "state.dat").sha256(), "hashed before the commit returned");
            assertTrue(open.verify(linked).ok(), "verifies at once, with the background hasher held");
        } finally {
            held.release();
        }
    }

    @Test
    void aCopyIsAReflinkWhereTheFileSystemHasThemAndAPlainCopyOtherwiseAsTheManifestSays(@TempDir Path tmp)
            throws IOException {
        Path state = randomFile(tmp.resolve("app/state.dat"), 100_000, 1);
        Path probe = tmp.resolve("app/probe");
        boolean reflinks = Reflink.cloneFile(state, probe);
        Path store = tmp.resolve("store");
        try (CheckpointStore open = openAsAJob(store, 2, log, GenerationHasher.Pause.NONE)) {
            open.commit(request(CaptureMode.COPY, Map.of("state.dat", state)));
        }
        Generation generation = awaitHashed(store, 1);

        assertEquals(reflinks ? StoredFile.REFLINK : StoredFile.COPY, stored(generation, "state.dat").stored(),
                "this file system " + (reflinks ? "has" : "has no") + " reflinks");
        assertEquals(sha256(state), stored(generation, "state.dat").sha256());
        assertNotEquals(inode(state), inode(generation.file("state.dat")));
        assertTrue(CheckpointStore.read(store).verify(generation).ok());
    }

    @Test
    void aGenerationWrittenByTheCrjobBeforeDirectoriesStillReadsVerifiesAndRestores(@TempDir Path tmp)
            throws IOException {
        Path store = tmp.resolve("store");
        Path gen = Files.createDirectories(store.resolve("gen-000001"));
        Files.writeString(gen.resolve("state1-count.state"), "42\n");
        Files.writeString(gen.resolve(Manifest.FILE_NAME), """
                {
                  "format" : 1,
                  "generation" : 1,
                  "created" : "2026-11-30T10:00:00Z",
                  "engine" : "signal",
                  "seconds" : 0.2,
                  "storeSeconds" : 0.01,
                  "hashSeconds" : 0.0,
                  "files" : [ {
                    "name" : "state1-count.state",
                    "size" : 3,
                    "sha256" : "%s",
                    "stored" : "copy",
                    "modified" : "2026-11-30T09:59:59Z"
                  } ],
                  "meta" : { "command" : "[\\"./count.sh\\"]", "signal" : "USR1" }
                }
                """.formatted(sha256(gen.resolve("state1-count.state"))));

        StoreReader reader = CheckpointStore.read(store);
        Generation old = reader.generations().get(0);
        assertTrue(reader.verify(old).ok(), reader.verify(old).summary());
        reader.restore(old, Map.of("state1-count.state", tmp.resolve("job/count.state")));
        assertEquals("42\n", Files.readString(tmp.resolve("job/count.state")));
    }
}
