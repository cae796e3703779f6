package org.crjob.engine.signal;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.crjob.engine.CheckpointFailedException;
import org.crjob.engine.StopFile;

/**
 * A stop file crjob created, known by its identity (device and inode): only that file is ever removed, so a file
 * someone else put at the same path (a stale one, a hostile neighbour's link) is never taken for crjob's. crjob
 * keeps it open until then: a file system gives a deleted file's inode number to a new file at once, but never
 * while the old one is still open.
 */
public final class CreatedStopFile {
    private final StopFile stopFile;
    private final FileChannel held;
    private final Object identity;

    private CreatedStopFile(StopFile stopFile, FileChannel held, Object identity) {
        this.stopFile = stopFile;
        this.held = held;
        this.identity = identity;
    }

    /**
     * Creates it with the user's permissions, never through a link and never over an existing file (O_EXCL,
     * O_NOFOLLOW); with content, written first under a temporary name and linked into place, so that the
     * application never reads it half-written.
     */
    public static CreatedStopFile create(StopFile stopFile) {
        Path path = stopFile.path();
        try {
            FileChannel held = stopFile.content().isEmpty() ? FileChannel.open(path, CREATE_NEW, WRITE,
                    LinkOption.NOFOLLOW_LINKS) : linkWithContent(stopFile);
            return new CreatedStopFile(stopFile, held, identityOf(path).orElseThrow(() -> new IOException("it"
                    + " vanished")));
        } catch (FileAlreadyExistsException e) {
            throw new CheckpointFailedException("the " + stopFile.describe() + " is already there, and crjob did not"
                    + " create it: remove it (the application may already have stopped on it)", e);
        } catch (IOException e) {
            throw new CheckpointFailedException("cannot create the " + stopFile.describe() + ": " + e.getMessage(), e);
        }
    }

    private static FileChannel linkWithContent(StopFile stopFile) throws IOException {
        Path path = stopFile.path();
        Path temp = path.resolveSibling("." + path.getFileName() + ".crjob-" + UUID.randomUUID());
        FileChannel held = FileChannel.open(temp, CREATE_NEW, WRITE, LinkOption.NOFOLLOW_LINKS);
        try {
            held.write(ByteBuffer.wrap(stopFile.content().getBytes(StandardCharsets.UTF_8)));
            Files.createLink(path, temp); // atomic, and fails on any file already there
            return held;
        } catch (IOException e) {
            held.close();
            throw e;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Removes it, if the file at its path is still the one crjob created; anything else there is left alone. */
    public void remove() {
        try (held) {
            if (Objects.equals(identityOf(stopFile.path()), Optional.of(identity))) {
                Files.delete(stopFile.path());
            }
        } catch (IOException e) {
            throw new CheckpointFailedException("cannot remove the " + stopFile.describe() + " that crjob created: "
                    + e.getMessage() + "; remove it before the application starts again", e);
        }
    }

    private static Optional<Object> identityOf(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() ? Optional.of(a.fileKey()) : Optional.of(a.fileKey() + " (not a file)");
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
