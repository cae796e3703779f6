package org.crjob.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.crjob.failure.CrjobException;

/**
 * The state files as they were at one moment: each one's identity (device and inode), size and modification time,
 * or nothing where it did not exist. A file replaced by rename since then has another inode; one written in place
 * another time, except when it was written twice within one tick of the file system's clock with the same size, so
 * a small file's stamp holds its content's digest as well (the usual restart file of a code that saves on a signal).
 */
public final class StateStamps {
    /** Files up to this size are read for their digest; larger ones are told apart by inode, size and time. */
    static final long DIGESTED = 1 << 20;

    private record Stamp(Object fileKey, long size, FileTime modified, String digest) { }

    /** Per {@code --state} path: the stamp of each of its files by relative name; empty when it had none. */
    private final Map<Path, Optional<Map<String, Stamp>>> stamps;

    private StateStamps(Map<Path, Optional<Map<String, Stamp>>> stamps) {
        this.stamps = stamps;
    }

    public static StateStamps of(List<Path> files) {
        Map<Path, Optional<Map<String, Stamp>>> stamps = new LinkedHashMap<>();
        files.forEach(file -> stamps.put(file, stampsOf(file)));
        return new StateStamps(stamps);
    }

    /**
     * The files that were not written since: missing now, or still what they were then. A directory or pattern was
     * written when any of its files is new, gone or changed.
     */
    public List<Path> notWrittenSince() {
        return stamps.entrySet().stream()
                .filter(e -> stampsOf(e.getKey()).map(now -> Objects.equals(Optional.of(now), e.getValue()))
                        .orElse(true))
                .map(Map.Entry::getKey).toList();
    }

    private static Optional<Map<String, Stamp>> stampsOf(Path statePath) {
        Map<String, Stamp> stamped = new TreeMap<>();
        try {
            new StatePath(statePath).files()
                    .forEach((name, file) -> stampOf(file).ifPresent(s -> stamped.put(name, s)));
        } catch (CrjobException unreadable) {
            return Optional.empty();
        }
        return stamped.isEmpty() ? Optional.empty() : Optional.of(stamped);
    }

    private static Optional<Stamp> stampOf(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            String digest = a.size() <= DIGESTED ? HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))) : "";
            return Optional.of(new Stamp(a.fileKey(), a.size(), a.lastModifiedTime(), digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
