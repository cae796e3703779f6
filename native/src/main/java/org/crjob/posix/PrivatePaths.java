package org.crjob.posix;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.attribute.PosixFilePermission.GROUP_WRITE;
import static java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import org.crjob.failure.UnexpectedStateException;

/**
 * Files and directories that only their owner, the user running crjob, can have written: created 0700 (files 0600)
 * whatever the umask, and checked before crjob trusts what they hold. Another user on a shared machine (a
 * group-writable project directory, umask 002) must not be able to plant what crjob restores or runs.
 */
public final class PrivatePaths {

    public static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivatePaths() {
    }

    /** For creating a file 0600: the umask can only take bits away. */
    public static FileAttribute<Set<PosixFilePermission>> fileMode() {
        return PosixFilePermissions.asFileAttribute(FILE);
    }

    /**
     * Creates {@code dir} and its missing parents 0700, and checks that {@code dir} (new or not) is the user's own
     * and writable by no one else. {@code dir} may be a link to such a directory (a checkpoint directory linked to
     * scratch): the directory it leads to is checked.
     *
     * @param what what the directory is, for the message, e.g. {@code checkpoint directory}
     * @throws UnexpectedStateException when it is another user's, a symbolic link, or writable by others
     */
    public static Path createDirectories(Path dir, String what) throws IOException {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR));
        requireOwnAndPrivate(dir.toRealPath(), what);
        return dir;
    }

    /**
     * Refuses {@code path} unless it is the user's own, not a symbolic link, and writable by neither its group nor
     * others: the message says which and what to do.
     */
    public static void requireOwnAndPrivate(Path path, String what) throws IOException {
        Optional<String> why = whyNotPrivate(path);
        if (why.isPresent()) {
            throw new UnexpectedStateException(what + " " + path + " " + why.get());
        }
    }

    /** Why {@code path} cannot be trusted (with what to do), or empty when it is the user's own and private. */
    public static Optional<String> whyNotPrivate(Path path) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            return Optional.of("is a symbolic link: crjob does not follow links here, as another user could have"
                    + " made them; remove the link and run again");
        }
        int owner = (Integer) Files.getAttribute(path, "unix:uid", NOFOLLOW_LINKS);
        int me = Posix.getuid();
        if (owner != me) {
            return Optional.of("belongs to " + attributes.owner().getName() + " (uid " + owner + "), not to you (uid "
                    + me + "): crjob does not use what another user could have written; use one of your own");
        }
        Set<PosixFilePermission> mode = attributes.permissions();
        if (mode.contains(GROUP_WRITE) || mode.contains(OTHERS_WRITE)) {
            return Optional.of("is writable by " + (mode.contains(OTHERS_WRITE) ? "everyone" : "its group") + " (mode "
                    + PosixFilePermissions.toString(mode) + "): another user could have planted what crjob would use;"
                    + " check what it holds, then run chmod go-w " + path);
        }
        return Optional.empty();
    }
}
