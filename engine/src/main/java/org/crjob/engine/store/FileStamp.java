package org.crjob.engine.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Objects;

/**
 * What a cheap {@code stat} says about a stored file: its size and its modification time, to the
 * nanosecond where the file system keeps it. Neither depends on the inode, so both survive the store
 * being copied with its times ({@code cp -a}, {@code rsync -t}). Any write to the file moves the time
 * forward: a file whose stamp still matches the one recorded at commit has not been written since
 * (the commit makes sure the file system's clock has passed the recorded time, see
 * {@link CommitTimes}).
 */
record FileStamp(long size, Instant modified) {

    FileStamp {
        Objects.requireNonNull(modified, "modified");
    }

    /** The stamp of {@code file} now, without following a symbolic link. */
    static FileStamp of(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        return new FileStamp(attributes.size(), attributes.lastModifiedTime().toInstant());
    }

    /**
     * How this stamp (now) differs from {@code recorded}, e.g. {@code modified 2026-11-23T10:00:01.5Z, the manifest
     * says 2026-11-23T10:00:00.2Z}; null when they are the same.
     */
    String differenceFrom(FileStamp recorded) {
        if (size != recorded.size) {
            return "size is " + size + " bytes, the manifest says " + recorded.size;
        }
        if (!modified.equals(recorded.modified)) {
            return "modified " + modified + ", the manifest says " + recorded.modified;
        }
        return null;
    }

    /**
     * Hashes {@code file} if it is what {@code recorded} says before and after the reading, so the hash is of the
     * bytes that were committed and of nothing written since.
     */
    static Hashed hashIfUnchanged(Path file, FileStamp recorded) throws IOException {
        String before = of(file).differenceFrom(recorded);
        if (before != null) {
            return new Hashed(null, before);
        }
        String sha256 = DurableFiles.hash(file).sha256();
        String after = of(file).differenceFrom(recorded);
        return after == null ? new Hashed(sha256, null) : new Hashed(null, after + " (it changed while being hashed)");
    }

    /** A hash of unchanged bytes, or what changed instead (exactly one of the two is set). */
    record Hashed(String sha256, String change) {
    }
}
