package org.crjob.engine.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.crjob.engine.json.JsonMappers;
import org.crjob.failure.InvalidValueException;
import org.crjob.failure.UnexpectedStateException;
import org.crjob.posix.PrivatePaths;

/**
 * The content of a generation's {@code MANIFEST.json}: what it holds and where it came from. A
 * generation directory counts only once this file is in place, so a reader never mistakes a
 * half-written checkpoint for a good one.
 *
 * @param format       {@link #FORMAT}; a newer crjob may write a higher one, which this one refuses
 * @param generation   the number in the directory name
 * @param created      when the generation was committed
 * @param engine       the checkpoint engine that wrote the files
 * @param seconds      how long the engine took to write them
 * @param storeSeconds how long the commit took to capture and sync them (copies are hashed as they are copied;
 *                     in manifests from before the hash left the commit, this includes every hash)
 * @param hashSeconds  how long the background hash of the linked files took after the commit (a run waits for it
 *                     before its requeue, so its lead must leave time for it); 0 when there was none
 * @param files        every file, in capture order
 * @param meta         free-form extras from the caller
 */
public record Manifest(int format, int generation, Instant created, String engine, double seconds,
        double storeSeconds, double hashSeconds, List<StoredFile> files, Map<String, String> meta) {

    /**
     * Still 1 now that a sha256 may be missing (hash pending) and a file's time is recorded. What an older crjob (which
     * requires a sha256 and ignores unknown fields) does with a newer store: a generation whose hashes are recorded
     * reads as before; one still waiting for its hash is refused as "cannot be read: NAME: no sha256", so it counts
     * as incomplete and is never used, and a restart falls back to an older generation. Never a crash, never a
     * changed checkpoint taken as good. Format 2 would make older crjobs refuse every generation of a newer store,
     * hashed ones too, and it would not even clear up that message: they reject the file entry before they look
     * at the format.
     */
    public static final int FORMAT = 1;
    public static final String FILE_NAME = "MANIFEST.json";

    private static final ObjectMapper JSON = JsonMappers.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public Manifest {
        if (format != FORMAT) {
            throw new UnexpectedStateException("format " + format + " is not one this crjob reads (" + FORMAT
                    + "); use the crjob version that wrote it");
        }
        if (generation < 1) {
            throw new IllegalArgumentException("generation must be at least 1, got " + generation);
        }
        Objects.requireNonNull(created, "no created time");
        Objects.requireNonNull(engine, "no engine");
        Objects.requireNonNull(files, "no files");
        files = List.copyOf(files);
        meta = meta == null ? Map.of() : Map.copyOf(meta);
    }

    /** The same generation with the sha256 of some files recorded (file name to hash), which took {@code took}. */
    Manifest withHashes(Map<String, String> hashes, double took) {
        List<StoredFile> hashed = files.stream()
                .map(f -> hashes.containsKey(f.name()) ? f.withSha256(hashes.get(f.name())) : f).toList();
        return new Manifest(format, generation, created, engine, seconds, storeSeconds, took, hashed, meta);
    }

    /** The same generation with its files as given. */
    Manifest withFiles(List<StoredFile> replaced) {
        return new Manifest(format, generation, created, engine, seconds, storeSeconds, hashSeconds, replaced, meta);
    }

    /** How long this generation took to write, store and hash: what the next checkpoint's lead is measured by. */
    public double checkpointSeconds() {
        return seconds + storeSeconds + hashSeconds;
    }

    /** Whether some file still waits for its sha256. */
    boolean hashPending() {
        return files.stream().anyMatch(f -> !f.hashed());
    }

    /** Total bytes of all files. */
    public long totalBytes() {
        return files.stream().mapToLong(StoredFile::size).sum();
    }

    byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot render the manifest of generation " + generation, e);
        }
    }

    /**
     * Puts this manifest in {@code dir} so that a crash leaves the old one or the new one, never part of either:
     * written to a temporary file, fsynced, renamed over {@link #FILE_NAME}, the directory fsynced.
     */
    void writeDurably(Path dir) throws IOException {
        // no file of a generation may be named MANIFEST.json*, so the temporary name is free; one a crash left
        // behind is overwritten
        Path temp = dir.resolve(FILE_NAME + ".tmp");
        try (FileChannel out = FileChannel.open(temp, Set.of(CREATE, TRUNCATE_EXISTING, WRITE, NOFOLLOW_LINKS),
                PrivatePaths.fileMode())) {
            ByteBuffer json = ByteBuffer.wrap(toJson());
            while (json.hasRemaining()) {
                out.write(json);
            }
            out.force(true);
        }
        Files.move(temp, dir.resolve(FILE_NAME), ATOMIC_MOVE);
        DurableFiles.fsyncDirectory(dir);
    }

    /**
     * Reads and checks a manifest.
     *
     * @throws IOException when the file cannot be read or is not a valid manifest; the message says why
     */
    static Manifest read(Path file) throws IOException {
        try {
            return JSON.readValue(file.toFile(), Manifest.class);
        } catch (ValueInstantiationException e) {
            // the record's own check refused a value: its message is the useful part
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IOException(cause.getMessage(), e);
        }
    }

    /**
     * A name inside a generation is a file name, or a relative path for a file of a directory or pattern stored
     * whole ({@code state1-ckpt/model.pt}): no empty, {@code .} or {@code ..} part (so nothing can land outside
     * the generation), no leading dot on its first part (the store's own temporary names start with one), and
     * not the manifest's.
     */
    static String checkFileName(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidValueException("a file in a generation needs a name, got '" + name + "'");
        }
        if (name.contains("\0") || name.startsWith("/") || name.endsWith("/")
                || Arrays.stream(name.split("/")).anyMatch(p -> p.isEmpty() || p.equals(".") || p.equals(".."))) {
            throw new InvalidValueException("'" + name + "' cannot name a file in a generation: use a file name, or"
                    + " a relative path without empty, '.' or '..' parts");
        }
        if (name.startsWith(".")) {
            throw new InvalidValueException("'" + name + "' cannot name a file in a generation: names starting"
                    + " with '.' are the store's own; rename it");
        }
        if (name.startsWith(FILE_NAME)) {
            throw new InvalidValueException("'" + name + "' cannot name a file in a generation: it is the"
                    + " manifest's name; rename it");
        }
        return name;
    }
}
