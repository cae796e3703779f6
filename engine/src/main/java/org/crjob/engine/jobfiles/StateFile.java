package org.crjob.engine.jobfiles;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.engine.protocol.Json;

/**
 * Reads and writes {@code coordinator.json}. It holds the job's token, so it is never readable by
 * anyone but the owner, not even while being written, and a reader never sees half of it.
 */
public final class StateFile {

    static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE = PosixFilePermissions.asFileAttribute(PRIVATE_FILE);

    private StateFile() {
    }

    /**
     * Replaces {@code file} with {@code info}: writes a temporary file in the same directory, created
     * 0600 (the umask can only narrow that), fsyncs it, and renames it over {@code file}, so readers see
     * the old content or the new, never a mix, and a crash leaves one of the two on disk.
     */
    public static void write(Path file, CoordinatorInfo info) throws IOException {
        byte[] json = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(info);
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "cannot write " + file.getFileName()
                    + " there: no such directory; create it first (JobPaths.createStateDir())");
        }
        Path temp = dir.resolve("." + file.getFileName() + "." + String.format("%08x", ThreadLocalRandom.current().nextInt())
                + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temp, Set.of(CREATE_NEW, WRITE), PRIVATE)) {
                ByteBuffer buffer = ByteBuffer.wrap(json);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + file + " atomically (" + e.getMessage() + "); put the job's"
                        + " working directory on a file system that supports rename", e);
            }
        } catch (UnsupportedOperationException e) {
            throw new IOException("cannot create " + temp + " with owner-only permissions: its file system has no"
                    + " POSIX permissions, and the file would hold the job's secret token; use another working directory", e);
        } finally {
            Files.deleteIfExists(temp);
        }
        // the rename lives in the directory; without this a crash can bring the old file back
        try (FileChannel directory = FileChannel.open(dir, READ)) {
            directory.force(true);
        } catch (IOException e) {
            // some file systems refuse fsync on a directory; the file itself is already durable
        }
    }

    /**
     * Reads a state file.
     *
     * @throws StateFileException when it is missing, unreadable or not a state file; the message
     *                            names the file and says what to check
     */
    public static CoordinatorInfo read(Path file) {
        byte[] json;
        try {
            json = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new StateFileException(StateFileException.Reason.MISSING, "no coordinator state at " + file + ": is"
                    + " crjob running in " + jobOf(file) + "? it writes this file when its coordinator starts", e);
        } catch (AccessDeniedException e) {
            throw new StateFileException(StateFileException.Reason.UNREADABLE, "cannot read " + file + ": the"
                    + " coordinator state is private to the job's owner (it holds the job's token); run this as the"
                    + " user who submitted " + jobOf(file), e);
        } catch (IOException e) {
            throw new StateFileException(StateFileException.Reason.UNREADABLE, "cannot read " + file + ": "
                    + e.getMessage(), e);
        }
        try {
            return Json.MAPPER.readValue(json, CoordinatorInfo.class);
        } catch (IOException e) {
            throw new StateFileException(StateFileException.Reason.UNPARSEABLE, "cannot parse " + file + " ("
                    + detail(e) + "): it is not a coordinator state file this crjob understands; if the job is"
                    + " no longer running, delete it", e);
        }
    }

    /** Removes the state file if it is there; a coordinator does this when it exits cleanly. */
    public static void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    /** "job 123" when the file sits where {@link JobPaths} puts it, "this job" otherwise. */
    private static String jobOf(Path file) {
        Path dir = file.getParent();
        Path crjob = dir == null ? null : dir.getParent();
        boolean laidOut = crjob != null && crjob.getFileName() != null && crjob.getFileName().toString().equals(".crjob");
        return laidOut ? "job " + dir.getFileName() : "this job";
    }

    /**
     * Jackson's message without the location suffix; for a value that failed our own checks, the
     * check's message (e.g. "no token").
     */
    private static String detail(IOException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof IllegalArgumentException || root instanceof NullPointerException) {
            return String.valueOf(root.getMessage());
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return mapping.getOriginalMessage() + " at " + mapping.getPathReference();
        }
        return e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
    }
}
