package org.crjob.engine.store;

import static org.awaitility.Awaitility.await;
import static org.crjob.engine.store.StoreFixtures.awaitHashed;
import static org.crjob.engine.store.StoreFixtures.entriesStartingWith;
import static org.crjob.engine.store.StoreFixtures.flipFirstByteInPlace;
import static org.crjob.engine.store.StoreFixtures.manifestJson;
import static org.crjob.engine.store.StoreFixtures.numbers;
import static org.crjob.engine.store.StoreFixtures.randomFile;
import static org.crjob.engine.store.StoreFixtures.request;
import static org.crjob.engine.store.StoreFixtures.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crjob.engine.store.HeldHasher.Where;
import org.crjob.joblog.RecordingJobLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's sha256 comes after the commit, from a background thread: what that changes and what it must not. */
class DeferredHashTest {

    private final RecordingJobLog log = new RecordingJobLog();

    private CheckpointStore open(Path dir, int keep, GenerationHasher.Pause pause) {
        return CheckpointStore.open(dir, "job 1 on host test pid 1", keep, log, pause);
    }

    @Test
    void theCommitReturnsBeforeTheHashIsRecordedAndTheManifestGainsItLater(@TempDir Path tmp) throws IOException {
        Path image = randomFile(tmp.resolve("app/ckpt_a.dmtcp"), 2 * 1024 * 1024, 1);
        Path state = randomFile(tmp.resolve("app/state.dat"), 1000, 2);
        Path ckpt = tmp.resolve("ckpt");
        HeldHasher held = new HeldHasher(Where.BEFORE_HASHING, 1);
        try (CheckpointStore store = open(ckpt, 2, held)) {
            Generation committed = store.commit(SnapshotRequest.of("dmtcp", CaptureMode.LINK_OR_COPY,
                    List.of(Capture.of(image), Capture.of(state).copied()), Duration.ZERO));

            assertEquals(Optional.of(1), store.latest().map(Generation::number), "latest before any hash");
            JsonNode file = manifestJson(committed).get("files").get(0);
            assertFalse(file.has("sha256"), file.toString());
            assertEquals(Files.getLastModifiedTime(image).toInstant(), Instant.parse(file.get("modified").asText()));
            assertEquals(sha256(state), committed.files().get(1).sha256(), "a copy is hashed as it is copied");
            VerifyResult pending = store.verify(committed);
            assertTrue(pending.unverified() && !pending.ok());
            assertEquals("unverified: no sha256 recorded for ckpt_a.dmtcp (size and time as committed)",
                    pending.summary());

            held.release();
            Generation hashed = awaitHashed(ckpt, 1);

            assertEquals(List.of(sha256(image), sha256(state)), hashed.files().stream().map(StoredFile::sha256).toList());
            assertEquals(sha256(image), manifestJson(hashed).get("files").get(0).get("sha256").asText());
            assertEquals(committed.files().get(0).modified(), hashed.files().get(0).modified(), "the time stays");
            assertEquals("ok", store.verify(hashed).summary());
        }
        assertEquals(List.of(), log.entries());
        assertEquals(List.of(), entriesStartingWith(ckpt.resolve("gen-000001"), "MANIFEST.json."));
    }

    @Test
    void aLinkedFileRewrittenInPlaceBeforeItIsHashedMakesItsGenerationBadAndRestartFallsBack(@TempDir Path tmp)
            throws IOException {
        Path state = randomFile(tmp.resolve("app/state.dat"), 10_000, 1);
        Path ckpt = tmp.resolve("ckpt");
        HeldHasher held = new HeldHasher(Where.BEFORE_HASHING, 2);
        try (CheckpointStore store = open(ckpt, 2, held)) {
            store.commit(request(CaptureMode.COPY, state));
            awaitHashed(ckpt, 1);
            Generation linked = store.commit(request(CaptureMode.LINK_OR_COPY, state));
            // at once, as an application that rewrites its file in place would: the clock has moved on by now
            flipFirstByteInPlace(state);
            held.release();

            await().atMost(Duration.ofSeconds(30)).until(() -> !log.warnings().isEmpty());
            String warning = log.warnings().get(0);
            assertTrue(warning.startsWith("generation 2 no longer counts: state.dat changed after it was stored"
                    + " (modified "), warning);
            assertTrue(warning.endsWith("so a restart uses an older generation; state.dat is a hard link to the"
                    + " application's file, which was rewritten in place: have the application write a new file and"
                    + " rename it over the old one, or store this file by copy (CaptureMode.COPY)"), warning);
            VerifyResult result = store.verify(linked);
            assertFalse(result.ok());
            assertTrue(result.summary().startsWith("state.dat: changed after the commit, and has no sha256: modified "),
                    result.summary());
            assertTrue(manifestJson(linked).get("files").get(0).path("sha256").isMissingNode(), "no hash of changed bytes");
        }
        log.clear();

        Optional<Generation> chosen = CheckpointStore.read(ckpt).newestVerified(log);

        assertEquals(Optional.of(1), chosen.map(Generation::number));
        assertEquals(1, log.warnings().size());
        assertTrue(log.warnings().get(0).startsWith("generation 2 fails verification (state.dat: changed after the"
                + " commit,"), log.warnings().get(0));
        assertTrue(log.warnings().get(0).endsWith("); using generation 1"), log.warnings().get(0));
    }

    @Test
    void pruneRacingTheHasherNeverResurrectsNorCorruptsARemovedGeneration(@TempDir Path tmp) throws IOException {
        Path state = randomFile(tmp.resolve("app/state.dat"), 100_000, 1);
        Path ckpt = tmp.resolve("ckpt");
        // generation 1 hashed, its hash about to be recorded; generation 2 queued behind it, not read yet
        HeldHasher held = new HeldHasher(Where.BEFORE_RECORDING, 1);
        try (CheckpointStore store = open(ckpt, 1, held)) {
            store.commit(request(CaptureMode.LINK_OR_COPY, state));
            held.awaitHolding(1);
            store.commit(request(CaptureMode.LINK_OR_COPY, state)); // keep 1: prunes generation 1
            store.commit(request(CaptureMode.LINK_OR_COPY, state)); // and generation 2, before it was read
            held.release();

            Generation third = awaitHashed(ckpt, 3);

            assertEquals(List.of(3), numbers(store.generations()));
            assertEquals(List.of("gen-000003"), entriesStartingWith(ckpt, "gen-"));
            assertEquals(List.of(".lock"), entriesStartingWith(ckpt, "."), "no staging, no trash left");
            assertEquals(List.of(), CheckpointStore.read(ckpt).incomplete());
            assertEquals("ok", store.verify(third).summary());
        }
        assertEquals(List.of(), log.warnings(), "a generation pruned on purpose is not worth a warning");
    }

    @Test
    void aManifestWrittenBeforeHashingWasDeferredStillReadsVerifiesAndRestores(@TempDir Path tmp) throws IOException {
        Path ckpt = tmp.resolve("ckpt");
        Path gen = Files.createDirectories(ckpt.resolve("gen-000001"));
        Path stored = randomFile(gen.resolve("state.dat"), 5000, 1);
        String oldManifest = """
                {
                  "format" : 1,
                  "generation" : 1,
                  "created" : "2026-11-20T10:00:00.123456Z",
                  "engine" : "signal",
                  "seconds" : 0.2,
                  "storeSeconds" : 0.01,
                  "files" : [ {
                    "name" : "state.dat",
                    "size" : 5000,
                    "sha256" : "%s",
                    "stored" : "copy"
                  } ],
                  "meta" : { }
                }
                """.formatted(sha256(stored));
        Files.writeString(gen.resolve("MANIFEST.json"), oldManifest);

        StoreReader reader = CheckpointStore.read(ckpt);
        Generation old = reader.generations().get(0);

        assertEquals("ok", reader.verify(old).summary());
        assertEquals("ok", reader.verifyReadingEverything(old).summary());
        Path restored = tmp.resolve("app/state.dat");
        reader.restore(old, Map.of("state.dat", restored));
        assertArrayEquals(Files.readAllBytes(stored), Files.readAllBytes(restored));
        try (CheckpointStore store = open(ckpt, 2, GenerationHasher.Pause.NONE)) {
            assertEquals(2, store.commit(request(CaptureMode.COPY, restored)).number());
            awaitHashed(ckpt, 2);
        }
        assertEquals(oldManifest, Files.readString(gen.resolve("MANIFEST.json")), "nothing to hash: left as it was");

        flipFirstByteInPlace(stored);
        assertEquals("state.dat: sha256 differs from the manifest", reader.verify(old).summary());
    }

    @Test
    void theUsersVerifyReadsUnhashedFilesInFullAndCallsTheGenerationUnverified(@TempDir Path tmp) throws IOException {
        Path state = randomFile(tmp.resolve("app/state.dat"), 100_000, 1);
        Path ckpt = tmp.resolve("ckpt");
        HeldHasher held = new HeldHasher(Where.BEFORE_HASHING, 1);
        try (CheckpointStore store = open(ckpt, 2, held)) {
            Generation committed = store.commit(request(CaptureMode.LINK_OR_COPY, state));

            VerifyResult result = CheckpointStore.read(ckpt).verifyReadingEverything(committed);

            assertTrue(result.unverified());
            assertEquals("unverified: no sha256 recorded for state.dat (read in full, size and time as committed)",
                    result.summary());
            assertTrue(manifestJson(committed).get("files").get(0).path("sha256").isMissingNode(),
                    "a reader does not write the store");
            held.release();
        }
    }

    @Test
    void anUnhashedGenerationRestoresWhileUnchangedAndNotAfterItChanged(@TempDir Path tmp) throws IOException {
        Path state = randomFile(tmp.resolve("app/state.dat"), 100_000, 1);
        byte[] atCheckpoint = Files.readAllBytes(state);
        Path ckpt = tmp.resolve("ckpt");
        HeldHasher neverReleased = new HeldHasher(Where.BEFORE_HASHING, 1);
        CheckpointStore store = open(ckpt, 2, neverReleased);
        Generation linked = store.commit(request(CaptureMode.LINK_OR_COPY, state));
        StoreFixtures.closeAsAKilledRunWould(store);
        Path restored = tmp.resolve("restored/state.dat");
        StoreReader reader = CheckpointStore.read(ckpt);

        reader.restore(linked, Map.of("state.dat", restored));
        assertArrayEquals(atCheckpoint, Files.readAllBytes(restored));

        flipFirstByteInPlace(state);
        CheckpointStoreException e = assertThrows(CheckpointStoreException.class,
                () -> reader.restore(linked, Map.of("state.dat", restored)));
        assertTrue(e.getMessage().startsWith("generation 1: state.dat does not match its manifest (changed after the"
                + " commit, and has no sha256: modified "), e.getMessage());
        assertArrayEquals(atCheckpoint, Files.readAllBytes(restored), "nothing restored");
    }

    @Test
    void aLinkedFileStampedAheadOfTheFileSystemsClockIsHashedAtTheCommit(@TempDir Path tmp) throws IOException {
        // a clock step the commit cannot wait out (a time in the future, or one-second times): a write after the
        // commit might keep the time, so the commit hashes the file itself, as it always did before
        Path state = randomFile(tmp.resolve("app/state.dat"), 10_000, 1);
        Files.setLastModifiedTime(state, FileTime.from(Instant.now().plus(Duration.ofHours(1))));
        Path ckpt = tmp.resolve("ckpt");
        HeldHasher neverReleased = new HeldHasher(Where.BEFORE_HASHING, 1);
        try (CheckpointStore store = open(ckpt, 2, neverReleased)) {
            Generation committed = store.commit(request(CaptureMode.LINK_OR_COPY, state));

            assertEquals(sha256(state), committed.files().get(0).sha256());
            assertEquals(sha256(state), manifestJson(committed).get("files").get(0).get("sha256").asText());
            assertEquals("ok", store.verify(committed).summary());
        }
    }
}
