package org.crjob.engine.store;

import static org.crjob.engine.store.StoreFixtures.awaitHashed;
import static org.crjob.engine.store.StoreFixtures.entriesStartingWith;
import static org.crjob.engine.store.StoreFixtures.flipFirstByteInPlace;
import static org.crjob.engine.store.StoreFixtures.inode;
import static org.crjob.engine.store.StoreFixtures.manifestJson;
import static org.crjob.engine.store.StoreFixtures.numbers;
import static org.crjob.engine.store.StoreFixtures.randomFile;
import static org.crjob.engine.store.StoreFixtures.request;
import static org.crjob.engine.store.StoreFixtures.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crjob.failure.InvalidValueException;
import org.crjob.joblog.RecordingJobLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    private final RecordingJobLog log = new RecordingJobLog();

    private CheckpointStore open(Path dir, int keep) {
        return CheckpointStore.open(dir, "job 1 on host test pid 1", keep, log);
    }

    @Test
    void aGenerationCountsOnlyOnceItsManifestIsInPlace(@TempDir Path tmp) throws IOException {
        Path ckpt = tmp.resolve("ckpt");
        Path state = randomFile(tmp.resolve("app/state.dat"), 1000, 1);
        try (CheckpointStore store = open(ckpt, 2)) {
            store.commit(request(CaptureMode.COPY, state));
        }
        // what a crash leaves: a gen directory whose manifest never arrived, and a staging
        // directory that has everything, manifest included, but was never renamed into place
        Path noManifest = Files.createDirectories(ckpt.resolve("gen-000002"));
        Files.copy(state, noManifest.resolve("state.dat"));
        Path staging = ckpt.resolve(".staging-3-0badf00d");
        Files.createDirectories(staging);
        Files.copy(ckpt.resolve("gen-000001/state.dat"), staging.resolve("state.dat"));
        Files.copy(ckpt.resolve("gen-000001/MANIFEST.json"), staging.resolve("MANIFEST.json"));

        StoreReader reader = CheckpointStore.read(ckpt);

        assertEquals(List.of(1), numbers(reader.generations()));
        assertEquals(1, reader.incomplete().size());
        assertEquals(2, reader.incomplete().get(0).number());
        assertTrue(reader.incomplete().get(0).reason().contains("no MANIFEST.json"), reader.incomplete().get(0).reason());
        assertEquals(Optional.of(1), reader.newestVerified(log).map(Generation::number));
        assertEquals(List.of("gen-000002 is not a complete generation (no MANIFEST.json: a checkpoint that never"
                + " completed, or a partial copy of one); ignored"), log.warnings());
        try (CheckpointStore store = open(ckpt, 2)) {
            // numbered above the incomplete directory, so its rename cannot collide with it
            assertEquals(3, store.commit(request(CaptureMode.COPY, state)).number());
        }
    }

    @Test
    void latestPointsAtTheNewestCommittedGeneration(@TempDir Path tmp) throws IOException {
        Path ckpt = tmp.resolve("ckpt");
        Path state = randomFile(tmp.resolve("state.dat"), 100, 1);
        try (CheckpointStore store = open(ckpt, 5)) {
            for (int i = 1; i <= 3; i++) {
                Generation generation = store.commit(request(CaptureMode.COPY, state));
                assertEquals(i, generation.number());
                // relative, so the store can be moved as a whole
                assertEquals(Path.of(Generation.dirName(i)), Files.readSymbolicLink(ckpt.resolve("latest")));
                assertEquals(generation.dir().toRealPath(), ckpt.resolve("latest").toRealPath());
                assertEquals(Optional.of(i), store.latest().map(Generation::number));
            }
        }
        assertEquals(List.of(), entriesStartingWith(ckpt, ".latest-"));

        Files.delete(ckpt.resolve("latest"));
        open(ckpt, 5).close();
        assertEquals(Path.of("gen-000003"), Files.readSymbolicLink(ckpt.resolve("latest")), "open repairs latest");
    }

    @Test
    void commitRecordsSizeAndTimeOfEveryFileAndTheSha256Follows(@TempDir Path tmp) throws IOException {
        Path big = randomFile(tmp.resolve("app/ckpt_a.dmtcp"), 3 * 1024 * 1024 + 17, 1);
        Path small = randomFile(tmp.resolve("app/restart.sh"), 123, 2);
        Path empty = Files.createFile(tmp.resolve("app/empty"));
        Instant before = Instant.now();
        Generation generation;
        try (CheckpointStore store = open(tmp.resolve("ckpt"), 2)) {
            Generation committed = store.commit(SnapshotRequest.of("dmtcp", CaptureMode.LINK_OR_COPY,
                    List.of(Capture.of(big), Capture.of(small), new Capture(empty, "nothing")), Duration.ofMillis(2100))
                    .withMeta(Map.of("job", "123")));
            for (StoredFile file : committed.files()) {
                assertEquals(Files.getLastModifiedTime(committed.file(file.name())).toInstant(), file.modified());
            }
            generation = awaitHashed(tmp.resolve("ckpt"), 1);
        }

        List<StoredFile> files = generation.files();
        assertEquals(List.of("ckpt_a.dmtcp", "restart.sh", "nothing"), files.stream().map(StoredFile::name).toList());
        assertEquals(List.of(Files.size(big), Files.size(small), 0L), files.stream().map(StoredFile::size).toList());
        assertEquals(List.of(sha256(big), sha256(small), sha256(empty)), files.stream().map(StoredFile::sha256).toList());
        assertEquals(Files.size(big) + Files.size(small), generation.totalBytes());

        // the file on disk, as crjob checkpoints list and a human would read it
        JsonNode json = manifestJson(generation);
        assertEquals(1, json.get("format").asInt());
        assertEquals(1, json.get("generation").asInt());
        assertEquals("dmtcp", json.get("engine").asText());
        assertEquals(2.1, json.get("seconds").asDouble(), 1e-9);
        assertTrue(json.get("storeSeconds").asDouble() >= 0);
        assertFalse(Instant.parse(json.get("created").asText()).isBefore(before.minusSeconds(1)));
        assertEquals(sha256(big), json.get("files").get(0).get("sha256").asText());
        assertEquals(Files.size(big), json.get("files").get(0).get("size").asLong());
        assertEquals(Files.getLastModifiedTime(big).toInstant(), Instant.parse(json.get("files").get(0).get("modified")
                .asText()), "a link shares the application's file, and its time");
        assertEquals("123", json.get("meta").get("job").asText());
        assertEquals(generation.manifest(), CheckpointStore.read(tmp.resolve("ckpt")).generations().get(0).manifest());
    }

    @Test
    void linkedCaptureSharesTheInodeCopiedCaptureDoesNot(@TempDir Path tmp) throws IOException {
        Path image = randomFile(tmp.resolve("app/ckpt_a.dmtcp"), 4096, 1);
        try (CheckpointStore store = open(tmp.resolve("ckpt"), 2)) {
            Generation linked = store.commit(request(CaptureMode.LINK_OR_COPY, image));
            Generation copied = store.commit(request(CaptureMode.COPY, image));

            assertEquals(inode(image), inode(linked.file("ckpt_a.dmtcp")));
            assertEquals("link", linked.files().get(0).stored());
            assertNotEquals(inode(image), inode(copied.file("ckpt_a.dmtcp")));
            assertEquals("copy", copied.files().get(0).stored());
            assertArrayEquals(Files.readAllBytes(image), Files.readAllBytes(copied.file("ckpt_a.dmtcp")));

            // one file of a linked request can insist on a copy: DMTCP rewrites its restart script in place
            Path script = randomFile(tmp.resolve("app/dmtcp_restart_script.sh"), 100, 2);
            Generation mixed = store.commit(SnapshotRequest.of("dmtcp", CaptureMode.LINK_OR_COPY,
                    List.of(Capture.of(image), Capture.of(script).copied()), Duration.ZERO));
            assertEquals(List.of("link", "copy"), mixed.files().stream().map(StoredFile::stored).toList());
            assertNotEquals(inode(script), inode(mixed.file("dmtcp_restart_script.sh")));
        }
    }

    @Test
    void aGenerationWhoseManifestCannotBeTrustedDoesNotCount(@TempDir Path tmp) throws IOException {
        Path state = randomFile(tmp.resolve("app/state.dat"), 100, 1);
        Path ckpt = tmp.resolve("ckpt");
        try (CheckpointStore store = open(ckpt, 5)) {
            for (int i = 0; i < 3; i++) {
                store.commit(request(CaptureMode.COPY, state));
            }
        }
        Path second = ckpt.resolve("gen-000002/MANIFEST.json");
        Files.writeString(second, Files.readString(second).replace("\"format\" : 1", "\"format\" : 2"));
        Files.writeString(ckpt.resolve("gen-000003/MANIFEST.json"), "{ \"format\" : 1, \"generation\"");

        StoreReader reader = CheckpointStore.read(ckpt);

        assertEquals(List.of(1), numbers(reader.generations()));
        List<String> reasons = reader.incomplete().stream().map(IncompleteGeneration::reason).toList();
        assertTrue(reasons.get(0).startsWith("MANIFEST.json cannot be read: Unexpected end-of-input"), reasons.get(0));
        assertEquals("MANIFEST.json cannot be read: format 2 is not one this crjob reads (1); use the crjob version"
                + " that wrote it", reasons.get(1));
    }

    @Test
    void aFileChangedAfterItWasHashedFailsVerificationAndRestartFallsBackToThePreviousGeneration(@TempDir Path tmp)
            throws IOException {
        Path state = randomFile(tmp.resolve("app/state.dat"), 10_000, 1);
        Path ckpt = tmp.resolve("ckpt");
        try (CheckpointStore store = open(ckpt, 2)) {
            store.commit(request(CaptureMode.COPY, state));
            // linked, then the application rewrites its file in place: the linked generation changes
            // with it, which is why such files must be captured with COPY (DeferredHashTest: before the hash)
            store.commit(request(CaptureMode.LINK_OR_COPY, state));
            Generation linked = awaitHashed(ckpt, 2);
            flipFirstByteInPlace(state);

            VerifyResult result = store.verify(linked);
            assertFalse(result.ok());
            assertEquals("state.dat: sha256 differs from the manifest", result.summary());
            assertTrue(store.verify(store.generations().get(1)).ok());
        }

        Optional<Generation> chosen = CheckpointStore.read(ckpt).newestVerified(log);

        assertEquals(Optional.of(1), chosen.map(Generation::number));
        assertEquals(List.of("generation 2 fails verification (state.dat: sha256 differs from the manifest);"
                + " using generation 1"), log.warnings());
    }

    @Test
    void aMissingFileFailsVerification(@TempDir Path tmp) throws IOException {
        Path a = randomFile(tmp.resolve("app/a.dat"), 100, 1);
        Path b = randomFile(tmp.resolve("app/b.dat"), 100, 2);
        Path ckpt = tmp.resolve("ckpt");
        Generation generation;
        try (CheckpointStore store = open(ckpt, 2)) {
            generation = store.commit(request(CaptureMode.COPY, a, b));
        }
        Files.delete(generation.file("b.dat"));
        Files.writeString(generation.file("a.dat"), "short");

        VerifyResult result = CheckpointStore.read(ckpt).verify(generation);

        assertEquals("a.dat: size is 5 bytes, the manifest says 100; b.dat: missing", result.summary());
        assertEquals(Optional.empty(), CheckpointStore.read(ckpt).newestVerified(log));
        assertEquals(List.of("generation 1 fails verification (a.dat: size is 5 bytes, the manifest says 100;"
                + " b.dat: missing); no older generation left"), log.warnings());
    }

    @Test
    void pruneKeepsTheNewestNAndNeverTheOnlyGoodOne(@TempDir Path tmp) throws IOException {
        Path state = randomFile(tmp.resolve("app/state.dat"), 100, 1);
        Path ckpt = tmp.resolve("ckpt");
        try (CheckpointStore store = open(ckpt, 10)) {
            for (int i = 0; i < 4; i++) {
                store.commit(request(CaptureMode.COPY, state));
            }
            assertEquals(List.of(2, 1), numbers(store.prune(2)));
            assertEquals(List.of(4, 3), numbers(store.generations()));

            store.commit(request(CaptureMode.COPY, state));
            store.commit(request(CaptureMode.COPY, state));
            for (int bad : List.of(6, 5, 3)) {
                flipFirstByteInPlace(ckpt.resolve(Generation.dirName(bad)).resolve("state.dat"));
            }
            // keep 1 would leave only the corrupt generation 6; generation 4, the only good one, stays too
            assertEquals(List.of(5, 3), numbers(store.prune(1)));
            assertEquals(List.of(6, 4), numbers(store.generations()));
            assertEquals(Optional.of(6), store.latest().map(Generation::number));
        }
        assertEquals(List.of(), entriesStartingWith(ckpt, ".trash-"));
    }

    @Test
    void commitPrunesOnlyAfterTheNewGenerationIsComplete(@TempDir Path tmp) throws IOException {
        Path state = randomFile(tmp.resolve("app/state.dat"), 100, 1);
        Path ckpt = tmp.resolve("ckpt");
        try (CheckpointStore store = open(ckpt, 1)) {
            store.commit(request(CaptureMode.COPY, state));

            // the second file is gone by the time the store reaches it: the commit fails half-way
            CheckpointStoreException failed = assertThrows(CheckpointStoreException.class,
                    () -> store.commit(request(CaptureMode.COPY, state, tmp.resolve("app/vanished.dat"))));

            assertTrue(failed.getMessage().contains("vanished.dat"), failed.getMessage());
            assertTrue(failed.getMessage().contains("generation 1 is intact and still the latest"), failed.getMessage());
            assertEquals(List.of(1), numbers(store.generations()), "keep 1 must not prune before the new one is complete");
            assertEquals(Optional.of(1), store.latest().map(Generation::number));
            assertEquals(List.of(), entriesStartingWith(ckpt, ".staging-"));

            store.commit(request(CaptureMode.COPY, state));

            assertEquals(List.of(2), numbers(store.generations()));
            assertEquals(List.of("gen-000002"), entriesStartingWith(ckpt, "gen-"));
            assertEquals(List.of(), entriesStartingWith(ckpt, ".trash-"));
        }
    }

    @Test
    void leftoverStagingFromACrashIsIgnoredAndCleanedOnOpen(@TempDir Path tmp) throws IOException {
        Path state = randomFile(tmp.resolve("app/state.dat"), 100, 1);
        Path ckpt = tmp.resolve("ckpt");
        try (CheckpointStore store = open(ckpt, 2)) {
            store.commit(request(CaptureMode.COPY, state));
        }
        // a job killed mid-commit (or mid-prune) leaves these behind
        Path staging = Files.createDirectories(ckpt.resolve(".staging-2-deadbeef"));
        randomFile(staging.resolve("state.dat"), 50, 2);
        Path trash = Files.createDirectories(ckpt.resolve(".trash-0-cafecafe"));
        randomFile(trash.resolve("state.dat"), 50, 3);

        assertEquals(List.of(1), numbers(CheckpointStore.read(ckpt).generations()));
        assertEquals(List.of(), CheckpointStore.read(ckpt).incomplete());

        try (CheckpointStore store = open(ckpt, 2)) {
            assertEquals(List.of(), entriesStartingWith(ckpt, ".staging-"));
            assertEquals(List.of(), entriesStartingWith(ckpt, ".trash-"));
            assertEquals(List.of("removing " + staging + ", a checkpoint that was interrupted before it completed"),
                    log.warnings());
            assertEquals(2, store.commit(request(CaptureMode.COPY, state)).number());
        }
    }

    @Test
    void restoreReplacesTargetsAtomicallyWithTheStoredBytes(@TempDir Path tmp) throws IOException {
        Path app = tmp.resolve("app");
        Path state = randomFile(app.resolve("state.dat"), 200_000, 1);
        Path other = randomFile(app.resolve("other.dat"), 100, 2);
        byte[] stateAtCheckpoint = Files.readAllBytes(state);
        byte[] otherAtCheckpoint = Files.readAllBytes(other);
        Path ckpt = tmp.resolve("ckpt");
        Generation generation;
        try (CheckpointStore store = open(ckpt, 2)) {
            generation = store.commit(request(CaptureMode.COPY, state, other));
        }
        randomFile(state, 300_000, 3); // the run went on after the checkpoint
        Object inodeBefore = inode(state);
        Path elsewhere = tmp.resolve("fresh/dir/other.dat");
        Map<String, Path> targets = new LinkedHashMap<>();
        targets.put("state.dat", state);
        targets.put("other.dat", elsewhere);

        CheckpointStore.read(ckpt).restore(generation, targets);

        assertArrayEquals(stateAtCheckpoint, Files.readAllBytes(state));
        assertArrayEquals(otherAtCheckpoint, Files.readAllBytes(elsewhere));
        // a new file renamed over the old one, not the old one rewritten where a crash could cut it
        assertNotEquals(inodeBefore, inode(state));
        assertEquals(List.of(), entriesStartingWith(app, "."));
        assertEquals(List.of(), entriesStartingWith(elsewhere.getParent(), "."));
    }

    @Test
    void aGenerationThatNoLongerMatchesItsManifestRestoresNothing(@TempDir Path tmp) throws IOException {
        Path app = tmp.resolve("app");
        Path a = randomFile(app.resolve("a.dat"), 1000, 1);
        Path b = randomFile(app.resolve("b.dat"), 1000, 2);
        Path ckpt = tmp.resolve("ckpt");
        Generation generation;
        try (CheckpointStore store = open(ckpt, 2)) {
            store.commit(request(CaptureMode.COPY, a, b));
            generation = awaitHashed(ckpt, 1);
        }
        flipFirstByteInPlace(generation.file("b.dat"));
        randomFile(a, 10, 3);
        byte[] aNow = Files.readAllBytes(a);
        byte[] bNow = Files.readAllBytes(b);
        Map<String, Path> targets = new LinkedHashMap<>();
        targets.put("a.dat", a);
        targets.put("b.dat", b);

        CheckpointStoreException e = assertThrows(CheckpointStoreException.class,
                () -> CheckpointStore.read(ckpt).restore(generation, targets));

        assertEquals("generation 1: b.dat does not match its manifest (sha256 differs from the manifest), so nothing was restored;"
                + " restore from an older generation (crjob checkpoints verify shows which are good)", e.getMessage());
        assertArrayEquals(aNow, Files.readAllBytes(a), "a.dat was good, but must not be restored alone");
        assertArrayEquals(bNow, Files.readAllBytes(b));
        assertEquals(List.of(), entriesStartingWith(app, "."));
    }

    @Test
    void keepBelowOneIsRefusedNamingTheValue(@TempDir Path tmp) throws IOException {
        InvalidValueException atOpen = assertThrows(InvalidValueException.class, () -> open(tmp.resolve("ckpt"), 0));
        assertEquals("keep must be at least 1, got 0: a restart needs the newest generation", atOpen.getMessage());
        assertFalse(Files.exists(tmp.resolve("ckpt")), "a refused open creates nothing");

        try (CheckpointStore store = open(tmp.resolve("ckpt"), 2)) {
            InvalidValueException atPrune = assertThrows(InvalidValueException.class, () -> store.prune(-3));
            assertTrue(atPrune.getMessage().contains("got -3"), atPrune.getMessage());
        }
    }

    @Test
    void aStoreThatDoesNotExistYetHasNoGenerations(@TempDir Path tmp) {
        // a job's first run: nothing to restart from is normal, not an error
        StoreReader reader = CheckpointStore.read(tmp.resolve("never-created"));

        assertEquals(List.of(), reader.generations());
        assertEquals(Optional.empty(), reader.newestVerified(log));
        assertEquals(Optional.empty(), reader.latest());
        assertEquals(List.of(), log.entries());
    }

    @Test
    void namesThatCouldEscapeOrCollideAreRefused(@TempDir Path tmp) throws IOException {
        Path state = randomFile(tmp.resolve("state.dat"), 10, 1);
        for (String bad : List.of("../x", "a/../b", ".hidden", "MANIFEST.json", "")) {
            assertThrows(InvalidValueException.class, () -> new Capture(state, bad), bad);
        }
        InvalidValueException twice = assertThrows(InvalidValueException.class, () -> request(CaptureMode.COPY,
                state, state));
        assertEquals("two files would both be stored as 'state.dat' in one generation; give each its own name",
                twice.getMessage());
    }
}
