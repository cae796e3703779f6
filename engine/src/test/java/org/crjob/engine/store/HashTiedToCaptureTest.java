package org.crjob.engine.store;

import static org.crjob.engine.store.StoreFixtures.closeAsAKilledRunWould;
import static org.crjob.engine.store.StoreFixtures.manifestJson;
import static org.crjob.engine.store.StoreFixtures.openAsAJob;
import static org.crjob.engine.store.StoreFixtures.randomFile;
import static org.crjob.engine.store.StoreFixtures.request;
import static org.crjob.engine.store.StoreFixtures.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.crjob.engine.store.HeldHasher.Where;
import org.crjob.joblog.RecordingJobLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every sha256 the store records is of the bytes it captured (issue 15, part 3). */
class HashTiedToCaptureTest {

    private final RecordingJobLog log = new RecordingJobLog();

    @Test
    void aCopiedFileIsHashedFromTheBytesItWasCopiedFromBeforeTheCommitReturns(@TempDir Path tmp) throws IOException {
        Path state = randomFile(tmp.resolve("app/state.dat"), 3 * 1024 * 1024 + 17, 1);
        String captured = sha256(state);
        HeldHasher neverReleased = new HeldHasher(Where.BEFORE_HASHING, 1);
        try (CheckpointStore store = openAsAJob(tmp.resolve("ckpt"), 2, log, neverReleased)) {
            Generation committed = store.commit(request(CaptureMode.COPY, state));
            StoreFixtures.flipFirstByteInPlace(state); // the application goes on writing its file

            assertEquals(captured, committed.files().get(0).sha256());
            assertEquals(captured, manifestJson(committed).get("files").get(0).get("sha256").asText());
            assertEquals("ok", store.verify(committed).summary());
        }
    }

    @Test
    void closeWaitsForThePendingHashOfALinkedFile(@TempDir Path tmp) throws IOException {
        Path image = randomFile(tmp.resolve("app/ckpt_a.dmtcp"), 1024 * 1024, 1);
        Path ckpt = tmp.resolve("ckpt");
        HeldHasher held = new HeldHasher(Where.BEFORE_HASHING, 1);
        CheckpointStore store = openAsAJob(ckpt, 2, log, held);
        store.commit(request(CaptureMode.LINK_OR_COPY, image));
        held.awaitHolding(1);
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            held.release();
        });
        releaser.start();

        store.close();

        Generation closed = CheckpointStore.read(ckpt).generations().get(0);
        assertEquals(sha256(image), closed.files().get(0).sha256(), "hashed before the store was given up");
        assertEquals("ok", CheckpointStore.read(ckpt).verify(closed).summary());
        Manifest manifest = closed.manifest();
        assertTrue(manifest.hashSeconds() > 0, "the hash's time is recorded: the next run's lead leaves time for it");
        assertEquals(manifest.seconds() + manifest.storeSeconds() + manifest.hashSeconds(),
                manifest.checkpointSeconds(), 1e-9);
    }

    @Test
    void aFileLeftWithoutAHashIsNeverHashedByTheNextWriterAndItsGenerationStaysUnverified(@TempDir Path tmp)
            throws IOException {
        // the case: the run that stored generation 1 ended before hashing it; then one byte of it was flipped,
        // its size and time kept. What is on disk can no longer be tied to what was captured
        Path image = randomFile(tmp.resolve("app/ckpt_a.dmtcp"), 1024 * 1024, 1);
        Path ckpt = tmp.resolve("ckpt");
        CheckpointStore killed = openAsAJob(ckpt, 2, log, new HeldHasher(Where.BEFORE_HASHING, 1));
        killed.commit(request(CaptureMode.LINK_OR_COPY, image));
        closeAsAKilledRunWould(killed);
        Path stored = ckpt.resolve("gen-000001").resolve("ckpt_a.dmtcp");
        FileTime time = Files.getLastModifiedTime(stored);
        StoreFixtures.flipFirstByteInPlace(stored);
        Files.setLastModifiedTime(stored, time);

        try (CheckpointStore next = openAsAJob(ckpt, 2, log, GenerationHasher.Pause.NONE)) {
            // the next run's own checkpoint, hashed after anything queued before it
            next.commit(request(CaptureMode.LINK_OR_COPY, randomFile(tmp.resolve("app/ckpt_b.dmtcp"), 1000, 2)));
        }

        Generation first = CheckpointStore.read(ckpt).generations().get(1);
        assertFalse(manifestJson(first).get("files").get(0).has("sha256"), "no hash of bytes nobody captured");
        VerifyResult result = CheckpointStore.read(ckpt).verifyReadingEverything(first);
        assertFalse(result.ok());
        assertTrue(result.unverified());
        assertEquals("unverified: no sha256 recorded for ckpt_a.dmtcp (read in full, size and time as committed)",
                result.summary());
        assertEquals(List.of(), log.entries());
    }
}
