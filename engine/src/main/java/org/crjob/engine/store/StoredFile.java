package org.crjob.engine.store;

import java.util.Objects;

/**
 * One file of a generation as its manifest records it.
 *
 * @param name   the plain file name inside the generation directory
 * @param size   bytes
 * @param sha256 lower-case hex of what was stored (hashed after it was linked or copied in)
 * @param stored {@code link} (shares the inode of the file it was captured from) or {@code copy}
 */
public record StoredFile(String name, long size, String sha256, String stored) {

    public static final String LINK = "link";
    public static final String COPY = "copy";

    public StoredFile {
        Manifest.checkFileName(name);
        if (size < 0) {
            throw new IllegalArgumentException(name + ": size must not be negative, got " + size);
        }
        Objects.requireNonNull(sha256, () -> name + ": no sha256");
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(name + ": sha256 must be 64 lower-case hex digits, got '" + sha256 + "'");
        }
        if (!LINK.equals(stored) && !COPY.equals(stored)) {
            throw new IllegalArgumentException(name + ": stored must be 'link' or 'copy', got '" + stored + "'");
        }
    }
}
