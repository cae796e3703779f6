package org.crjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.crjob.engine.store.Capture;
import org.crjob.engine.store.CaptureMode;
import org.crjob.engine.store.CheckpointStore;
import org.crjob.engine.store.SnapshotRequest;
import org.crjob.joblog.JobLog;
import org.crjob.slurm.UnusedSlurm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code crjob checkpoints}: what a user sees of a checkpoint directory. */
class CheckpointsCommandTest {
    @TempDir
    Path dir;
    private Path ckpt;

    @BeforeEach
    void threeGenerations() throws Exception {
        ckpt = dir.resolve("crjob.ckpt");
        try (CheckpointStore store = CheckpointStore.open(ckpt, "test", 3, JobLog.silent())) {
            for (int i = 1; i <= 3; i++) {
                Path state = Files.writeString(dir.resolve("state.dat"), "state " + i + "\n");
                store.commit(SnapshotRequest.of("signal", CaptureMode.COPY, List.of(Capture.of(state)),
                        Duration.ofMillis(10)));
            }
        }
    }

    @Test
    void insideAJobTheDefaultIsThatJobsOwnStoreAsCrjobRunKeepsIt() throws Exception {
        Path jobStore = dir.resolve("crjob.ckpt").resolve("4242");
        try (CheckpointStore store = CheckpointStore.open(jobStore, "test", 3, JobLog.silent())) {
            store.commit(SnapshotRequest.of("job", CaptureMode.COPY, List.of(Capture.of(dir.resolve("state.dat"))),
                    Duration.ofMillis(10)));
        }
        CliContext insideJob4242 = new CliContext(new UnusedSlurm() { }, Map.of("SLURM_JOB_ID", "4242"),
                Clock.systemUTC(), dir);

        CliRun run = CliRun.in(insideJob4242, "checkpoints");

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(2, lines.size(), run.out());
        assertTrue(lines.get(1).startsWith("1 ") && lines.get(1).contains("job"), run.out());
    }

    @Test
    void listShowsEveryGenerationNewestFirstWithSizeAndEngine() {
        CliRun run = CliRun.of("checkpoints", "--ckpt-dir", ckpt.toString());

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).startsWith("GENERATION"), run.out());
        assertEquals(List.of("3", "2", "1"), lines.subList(1, 4).stream().map(l -> l.split("\\s+")[0]).toList());
        assertTrue(lines.get(1).contains("8 B") && lines.get(1).contains("signal"), lines.get(1));
    }

    @Test
    void verifyNamesTheDamagedGenerationAndExitsWithTheCheckpointCode() throws Exception {
        Files.writeString(ckpt.resolve("gen-000002").resolve("state.dat"), "tampered\n");

        CliRun run = CliRun.of("checkpoints", "verify", "--ckpt-dir", ckpt.toString());

        assertEquals(ExitCode.CHECKPOINT_FAILED, run.exitCode());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("2 ") && l.contains("FAILED")), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("3 ") && l.contains(" ok")), run.out());
    }

    @Test
    void verifyCallsAGenerationWithoutItsHashesUnverifiedAndExitsWithTheCheckpointCode() throws Exception {
        forgetTheHashesOfGeneration3();

        CliRun text = CliRun.of("checkpoints", "verify", "--ckpt-dir", ckpt.toString());
        CliRun asJson = CliRun.of("checkpoints", "verify", "--json", "--ckpt-dir", ckpt.toString());

        assertEquals(ExitCode.CHECKPOINT_FAILED, text.exitCode(), text.err());
        assertTrue(text.out().lines().anyMatch(l -> l.startsWith("3 ") && l.endsWith(" UNVERIFIED: no sha256 recorded"
                + " for state.dat (read in full, size and time as committed)")), text.out());
        assertTrue(text.out().lines().anyMatch(l -> l.startsWith("2 ") && l.endsWith(" ok")), text.out());
        JsonNode third = new ObjectMapper().readTree(asJson.out()).get(0);
        assertEquals(3, third.get("generation").asInt());
        assertFalse(third.get("verified").asBoolean());
        assertTrue(third.get("unverified").asBoolean());
        assertEquals("unverified: no sha256 recorded for state.dat (read in full, size and time as committed)",
                third.get("problems").asText());
    }

    @Test
    void verifyFailsAFileNotHashedYetThatChangedAfterTheCommit() throws Exception {
        forgetTheHashesOfGeneration3();
        Path stored = ckpt.resolve("gen-000003").resolve("state.dat");
        Files.writeString(stored, "state X\n"); // same size, new time

        CliRun run = CliRun.of("checkpoints", "verify", "--ckpt-dir", ckpt.toString());

        assertEquals(ExitCode.CHECKPOINT_FAILED, run.exitCode());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("3 ") && l.contains("FAILED: state.dat: changed after"
                + " the commit, and has no sha256: modified ")), run.out());
    }

    /** What the store's writer leaves when its process ends before the background hash is recorded. */
    private void forgetTheHashesOfGeneration3() throws Exception {
        Path manifest = ckpt.resolve("gen-000003").resolve("MANIFEST.json");
        ObjectMapper mapper = new ObjectMapper();
        JsonNode json = mapper.readTree(manifest.toFile());
        json.get("files").forEach(file -> ((ObjectNode) file).remove("sha256"));
        mapper.writeValue(manifest.toFile(), json);
    }

    @Test
    void pruneKeepsTheNewest() {
        CliRun run = CliRun.of("checkpoints", "prune", "--keep", "1", "--ckpt-dir", ckpt.toString());

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertEquals(List.of(3), CheckpointStore.read(ckpt).generations().stream().map(g -> g.number()).toList());
    }

    @Test
    void jsonListsOneObjectPerGeneration() {
        CliRun run = CliRun.of("checkpoints", "--json", "--ckpt-dir", ckpt.toString());

        assertTrue(run.out().startsWith("[{\"generation\":3,"), run.out());
        assertEquals(1, run.out().lines().count());
    }

    @Test
    void anEmptyDirectorySaysSo() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));

        CliRun run = CliRun.of("checkpoints", "--ckpt-dir", empty.toString());

        assertEquals(ExitCode.OK, run.exitCode());
        assertTrue(run.out().startsWith("no checkpoints in "), run.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"list", "verify"})
    void aMissingDirectoryIsAnErrorThatNamesIt(String action) {
        Path missing = dir.resolve("crjob.ckpt.typo");

        CliRun run = CliRun.of("checkpoints", action, "--ckpt-dir", missing.toString());

        assertEquals(ExitCode.UNEXPECTED_STATE, run.exitCode(), run.out());
        assertEquals("", run.out());
        assertTrue(run.err().contains(missing + ": no such directory"), run.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"list", "verify"})
    void aFileInPlaceOfTheDirectoryIsAnErrorWithTheReason(String action) throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");

        CliRun run = CliRun.of("checkpoints", action, "--ckpt-dir", file.toString());

        assertEquals(ExitCode.UNEXPECTED_STATE, run.exitCode(), run.out());
        assertTrue(run.err().contains(file + ": not a directory"), run.err());
    }

    @Test
    void aGenerationWithATruncatedManifestIsListedWithWhy() throws Exception {
        truncateTheManifestOfGeneration2();

        CliRun run = CliRun.of("checkpoints", "--ckpt-dir", ckpt.toString());

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertEquals(List.of("3", "2", "1"), run.out().lines().skip(1).map(l -> l.split("\\s+")[0]).toList());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("2 ") && l.contains("INCOMPLETE: MANIFEST.json cannot"
                + " be read")), run.out());
    }

    @Test
    void verifyListsEveryIncompleteGenerationWithWhyAndFails() throws Exception {
        truncateTheManifestOfGeneration2();
        Files.delete(ckpt.resolve("gen-000001").resolve("MANIFEST.json"));

        CliRun run = CliRun.of("checkpoints", "verify", "--ckpt-dir", ckpt.toString());

        assertEquals(ExitCode.CHECKPOINT_FAILED, run.exitCode(), run.err());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("3 ") && l.endsWith(" ok")), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("2 ") && l.contains("INCOMPLETE: MANIFEST.json cannot"
                + " be read")), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("1 ") && l.contains("INCOMPLETE: no MANIFEST.json")),
                run.out());
    }

    private void truncateTheManifestOfGeneration2() throws Exception {
        Path manifest = ckpt.resolve("gen-000002").resolve("MANIFEST.json");
        byte[] whole = Files.readAllBytes(manifest);
        Files.write(manifest, Arrays.copyOf(whole, whole.length / 2));
    }

    @Test
    void anUnknownActionIsBadUsageListingTheActions() {
        CliRun run = CliRun.of("checkpoints", "purge");

        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().contains("list, verify, prune"), run.err());
    }

    @Test
    void aJobAndADirectoryTogetherAreRefusedBeforeSlurmIsAsked() {
        CliRun run = CliRun.of("checkpoints", "--job", "4242", "--ckpt-dir", ckpt.toString());

        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().contains("--job and --ckpt-dir both name the checkpoint directory: give one"), run.err());
    }
}
