package org.crjob.engine.store;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.crjob.joblog.JobLog;

/** Files and requests for the store tests. */
final class StoreFixtures {

    private StoreFixtures() {
    }

    /** A file of {@code size} pseudo-random bytes, different for each seed. */
    static Path randomFile(Path path, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        Files.createDirectories(path.getParent());
        Files.write(path, bytes);
        return path;
    }

    /** A store in {@code dir} as a job's coordinator opens it, keeping {@code keep} generations, telling {@code log}. */
    static CheckpointStore openAsAJob(Path dir, int keep, JobLog log, GenerationHasher.Pause pause) {
        return CheckpointStore.open(dir, "job 1 on host test pid 1", keep, log, pause);
    }

    static SnapshotRequest request(CaptureMode mode, Path... files) {
        return SnapshotRequest.of("signal", mode, Arrays.stream(files).map(Capture::of).toList(), Duration.ofMillis(1500));
    }

    /** Overwrites the first byte in place, as an application rewriting its state file would: same inode, same size. */
    static void flipFirstByteInPlace(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, 0);
            one.put(0, (byte) ~one.get(0));
            one.rewind();
            channel.write(one, 0);
        }
    }

    /** sha256 computed here, independently of the store's own code. */
    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static Object inode(Path file) throws IOException {
        return Files.getAttribute(file, "unix:ino");
    }

    /** Names in {@code dir} starting with {@code prefix}. */
    static List<String> entriesStartingWith(Path dir, String prefix) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList();
        }
    }

    /** Waits for the store's background hasher to record the sha256 of every file of {@code generation}. */
    static Generation awaitHashed(Path ckpt, int generation) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> CheckpointStore.read(ckpt).generations().stream()
                .filter(g -> g.number() == generation).findFirst().orElseThrow(), g -> !g.manifest().hashPending());
    }

    /**
     * Closes {@code store} without waiting for its pending hashes, as a run killed (or its node lost) after its last
     * commit leaves it: the close is interrupted, which abandons them.
     */
    static void closeAsAKilledRunWould(CheckpointStore store) {
        Thread.currentThread().interrupt();
        try {
            store.close();
        } finally {
            Thread.interrupted();
        }
    }

    /** The manifest file as a user would read it. */
    static JsonNode manifestJson(Generation generation) throws IOException {
        return new ObjectMapper().readTree(generation.dir().resolve(Manifest.FILE_NAME).toFile());
    }

    static List<Integer> numbers(List<Generation> generations) {
        return generations.stream().map(Generation::number).toList();
    }
}
