package org.crjob.engine.store;

import static org.crjob.engine.store.StoreFixtures.closeAsAKilledRunWould;
import static org.crjob.engine.store.StoreFixtures.entriesStartingWith;
import static org.crjob.engine.store.StoreFixtures.openAsAJob;
import static org.crjob.engine.store.StoreFixtures.randomFile;
import static org.crjob.engine.store.StoreFixtures.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crjob.engine.store.HeldHasher.Where;
import org.crjob.joblog.RecordingJobLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restore checks each file as it copies it back, and falls back past what fails or is unverified. */
class RestoreNewestTest {

    private final RecordingJobLog log = new RecordingJobLog();

    @Test
    void aFlippedByteInTheNewestGenerationRestoresTheOlderOneAndSaysWhy(@TempDir Path tmp) throws IOException {
        Path state = randomFile(tmp.resolve("app/state.dat"), 200_000, 1);
        byte[] first = Files.readAllBytes(state);
        Path ckpt = tmp.resolve("ckpt");
        try (CheckpointStore store = openAsAJob(ckpt, 3, log, GenerationHasher.Pause.NONE)) {
            store.commit(request(CaptureMode.COPY, state));
            randomFile(state, 200_000, 2);
            store.commit(request(CaptureMode.COPY, state));
        }
        Path stored = ckpt.resolve("gen-000002").resolve("state.dat");
        FileTime time = Files.getLastModifiedTime(stored);
        StoreFixtures.flipFirstByteInPlace(stored);
        Files.setLastModifiedTime(stored, time);
        Path target = tmp.resolve("run2/state.dat");

        Optional<Generation> restored = CheckpointStore.read(ckpt).restoreNewest(
                g -> Map.of("state.dat", target), false, log);

        assertEquals(Optional.of(1), restored.map(Generation::number));
        assertArrayEquals(first, Files.readAllBytes(target));
        assertEquals(List.of("generation 2 fails verification (state.dat: sha256 differs from the manifest): not"
                + " restored; trying generation 1"), log.warnings());
        assertEquals(List.of("state.dat"), entriesStartingWith(target.getParent(), ""), "no temporary file left");
    }

    @Test
    void aRestoreSaysWhichGenerationsItFellBackFromAndThatItsOwnVerified(@TempDir Path tmp) throws IOException {
        Path state = randomFile(tmp.resolve("app/state.dat"), 1000, 1);
        Path ckpt = tmp.resolve("ckpt");
        try (CheckpointStore store = openAsAJob(ckpt, 3, log, GenerationHasher.Pause.NONE)) {
            store.commit(request(CaptureMode.COPY, state));
            store.commit(request(CaptureMode.COPY, state));
            store.commit(request(CaptureMode.COPY, state));
        }
        StoreFixtures.flipFirstByteInPlace(ckpt.resolve("gen-000003").resolve("state.dat"));
        Files.delete(ckpt.resolve("gen-000002").resolve("state.dat"));

        Restoration restored = CheckpointStore.read(ckpt).restoreNewestReporting(
                g -> Map.of("state.dat", tmp.resolve("run/state.dat")), false, log).orElseThrow();

        assertEquals(1, restored.generation().number());
        assertEquals(true, restored.verified());
        assertEquals(List.of(3, 2), restored.fellBackFrom());
    }

    @Test
    void aGenerationRestoredAsTrustedWithoutItsHashesIsNotVerified(@TempDir Path tmp) throws IOException {
        Path image = randomFile(tmp.resolve("app/state.dat"), 1000, 2);
        Path ckpt = tmp.resolve("ckpt");
        CheckpointStore killed = openAsAJob(ckpt, 3, log, new HeldHasher(Where.BEFORE_HASHING, 1));
        killed.commit(request(CaptureMode.LINK_OR_COPY, image));
        closeAsAKilledRunWould(killed);

        Restoration restored = CheckpointStore.read(ckpt).restoreNewestReporting(
                g -> Map.of("state.dat", tmp.resolve("run/state.dat")), true, log).orElseThrow();

        assertEquals(false, restored.verified());
        assertEquals(List.of(), restored.fellBackFrom());
    }

    @Test
    void anUnverifiedGenerationIsPassedOverUnlessTrusted(@TempDir Path tmp) throws IOException {
        Path state = randomFile(tmp.resolve("app/state.dat"), 100_000, 1);
        byte[] first = Files.readAllBytes(state);
        Path ckpt = tmp.resolve("ckpt");
        try (CheckpointStore store = openAsAJob(ckpt, 3, log, GenerationHasher.Pause.NONE)) {
            store.commit(request(CaptureMode.COPY, state));
        }
        Path image = randomFile(tmp.resolve("app2/state.dat"), 100_000, 2);
        CheckpointStore killed = openAsAJob(ckpt, 3, log, new HeldHasher(Where.BEFORE_HASHING, 2));
        killed.commit(request(CaptureMode.LINK_OR_COPY, image));
        closeAsAKilledRunWould(killed);
        Path target = tmp.resolve("run/state.dat");
        StoreReader reader = CheckpointStore.read(ckpt);

        Optional<Generation> cautious = reader.restoreNewest(g -> Map.of("state.dat", target), false, log);

        assertEquals(Optional.of(1), cautious.map(Generation::number));
        assertArrayEquals(first, Files.readAllBytes(target));
        assertEquals(List.of("generation 2 is unverified (no sha256 recorded for state.dat: the run that stored it"
                + " ended before hashing it); --trust-unverified would restore it; trying generation 1"),
                log.warnings());
        log.clear();

        Optional<Generation> trusting = reader.restoreNewest(g -> Map.of("state.dat", target), true, log);

        assertEquals(Optional.of(2), trusting.map(Generation::number));
        assertArrayEquals(Files.readAllBytes(image), Files.readAllBytes(target));
        assertEquals(List.of("generation 2 is unverified (no sha256 recorded for state.dat: the run that stored it"
                + " ended before hashing it); restoring it as --trust-unverified asks, checked by size and time only"),
                log.warnings());
    }

    @Test
    void noGenerationThatPassesRestoresNothing(@TempDir Path tmp) throws IOException {
        Path state = randomFile(tmp.resolve("app/state.dat"), 1000, 1);
        Path ckpt = tmp.resolve("ckpt");
        try (CheckpointStore store = openAsAJob(ckpt, 3, log, GenerationHasher.Pause.NONE)) {
            store.commit(request(CaptureMode.COPY, state));
        }
        Files.delete(ckpt.resolve("gen-000001").resolve("state.dat"));
        Path target = tmp.resolve("run/state.dat");

        Optional<Generation> restored = CheckpointStore.read(ckpt).restoreNewest(
                g -> Map.of("state.dat", target), false, log);

        assertEquals(Optional.empty(), restored);
        assertEquals(List.of("generation 1 fails verification (state.dat: missing); no older generation left"),
                log.warnings());
        assertEquals(false, Files.exists(target));
    }
}
