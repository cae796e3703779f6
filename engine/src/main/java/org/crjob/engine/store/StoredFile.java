package org.crjob.engine.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One file of a generation as its manifest records it.
 *
 * <p>A commit records the size and modification time, and the sha256 of a copied file, computed from the bytes as
 * they were copied. A hard-linked file's sha256 follows once the store's background hasher has read it (see
 * {@link GenerationHasher}), before the store is closed; a file that has none after that cannot be tied to its
 * capture, and its generation is unverified. Manifests written before hashing was deferred have a sha256 and no
 * time.
 *
 * @param name     the plain file name inside the generation directory
 * @param size     bytes
 * @param sha256   lower-case hex of what was captured; null until a linked file is hashed, and for good when it
 *                 could not be (its generation is then unverified)
 * @param stored   {@code link} (shares the inode of the file it was captured from), {@code reflink} (a copy that
 *                 shares the source's blocks until either is written: hashed later, like a link) or {@code copy}
 *                 (hashed as it was read)
 * @param modified the file's modification time when it was committed; null in manifests from before it was
 *                 recorded (those all have a sha256)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StoredFile(String name, long size, String sha256, String stored, Instant modified) {

    public static final String LINK = "link";
    public static final String COPY = "copy";
    public static final String REFLINK = "reflink";

    public StoredFile {
        Manifest.checkFileName(name);
        if (size < 0) {
            throw new IllegalArgumentException(name + ": size must not be negative, got " + size);
        }
        if (sha256 == null && modified == null) {
            throw new IllegalArgumentException(name + ": neither a sha256 nor a modification time to check it by");
        }
        if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(name + ": sha256 must be 64 lower-case hex digits, got '" + sha256 + "'");
        }
        if (!LINK.equals(stored) && !COPY.equals(stored) && !REFLINK.equals(stored)) {
            throw new IllegalArgumentException(name + ": stored must be 'link', 'reflink' or 'copy', got '" + stored
                    + "'");
        }
    }

    /** As a commit records it: size and time, the hash still to come. */
    static StoredFile committed(String name, FileStamp stamp, String stored) {
        return new StoredFile(name, stamp.size(), null, stored, stamp.modified());
    }

    /** As a commit records a copy: size, time, and the sha256 computed as it was copied. */
    static StoredFile copied(String name, FileStamp stamp, String sha256) {
        return new StoredFile(name, stamp.size(), sha256, COPY, stamp.modified());
    }

    /** Whether the manifest has this file's sha256 yet. */
    @JsonIgnore
    public boolean hashed() {
        return sha256 != null;
    }

    /** Size and time as committed; only for a file that has its time recorded. */
    FileStamp stamp() {
        return new FileStamp(size, modified);
    }

    StoredFile withSha256(String hash) {
        return new StoredFile(name, size, hash, stored, modified);
    }
}
