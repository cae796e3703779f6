package org.crjob.engine.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.crjob.posix.PosixException;
import org.crjob.posix.Reflink;

/**
 * Puts a captured file into a generation without copying it where that is safe, remembering the inode each source
 * path had when this store last captured it: a hard link for a file replaced by rename since (or for any file in
 * {@link CaptureMode#LINK_OR_COPY}), a reflink where the file system has them, and otherwise nothing (the caller
 * copies and hashes in one read).
 */
final class CapturedFiles {

    /** Source path to the inode ({@code fileKey}) it had at its last capture. */
    private final Map<Path, Object> inodes = new HashMap<>();

    /**
     * Links or reflinks {@code source} to {@code stored} as {@code mode} allows.
     *
     * @return {@link StoredFile#LINK} or {@link StoredFile#REFLINK} when {@code stored} is in place,
     *         {@link StoredFile#COPY} when the caller must copy
     */
    synchronized String place(Path source, Path stored, CaptureMode mode) throws IOException {
        Object inode = Files.readAttributes(source, BasicFileAttributes.class).fileKey();
        Object before = inodes.put(source, inode);
        boolean renamedSince = before != null && !Objects.equals(before, inode);
        if ((mode == CaptureMode.LINK_OR_COPY || mode == CaptureMode.LINK_IF_RENAMED && renamedSince)
                && link(source, stored)) {
            return StoredFile.LINK;
        }
        return mode != CaptureMode.LINK_OR_COPY && reflink(source, stored) ? StoredFile.REFLINK : StoredFile.COPY;
    }

    private static boolean link(Path source, Path stored) {
        try {
            Files.createLink(stored, source);
            return true;
        } catch (IOException | UnsupportedOperationException otherFileSystemOrNoLinks) {
            // EXDEV across file systems, EPERM where links are not allowed: reflink or copy instead
            return false;
        }
    }

    private static boolean reflink(Path source, Path stored) throws IOException {
        try {
            return Reflink.cloneFile(source, stored);
        } catch (PosixException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
