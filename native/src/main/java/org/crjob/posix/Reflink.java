package org.crjob.posix;

import com.sun.jna.LastErrorException;
import java.nio.file.Path;

/**
 * A copy that shares its blocks with the original until either is written, as {@code cp --reflink=auto} makes:
 * the {@code FICLONE} ioctl (btrfs, XFS, bcachefs, OCFS2; not ext4 or tmpfs). It takes no time whatever the size,
 * and the copy is the original's content at that moment: a later write to either leaves the other as it was.
 */
public final class Reflink {

    private Reflink() {
    }

    /**
     * Creates {@code to} (which must not exist) as a reflink of {@code from}.
     *
     * @return false when the file system cannot (nothing is left at {@code to}): copy instead
     * @throws PosixException when {@code from} cannot be opened or {@code to} created
     */
    public static boolean cloneFile(Path from, Path to) {
        int source = open(from, LibC.O_RDONLY | LibC.O_CLOEXEC);
        try {
            int target = open(to, LibC.O_WRONLY | LibC.O_CREAT | LibC.O_EXCL | LibC.O_CLOEXEC);
            boolean cloned = ioctlClone(target, source);
            closeQuietly(target);
            if (!cloned) {
                LibC.INSTANCE.unlink(to.toString());
            }
            return cloned;
        } catch (LastErrorException e) {
            throw new PosixException("unlink", e.getErrorCode(), to);
        } finally {
            closeQuietly(source);
        }
    }

    private static int open(Path path, int flags) {
        try {
            return LibC.INSTANCE.open(path.toString(), flags, 0666);
        } catch (LastErrorException e) {
            throw new PosixException("open", e.getErrorCode(), path);
        }
    }

    /** Any refusal (EOPNOTSUPP, EXDEV, EINVAL, ENOTTY...) means "not here": a plain copy is always right. */
    private static boolean ioctlClone(int target, int source) {
        try {
            LibC.INSTANCE.ioctl(target, LibC.FICLONE, source);
            return true;
        } catch (LastErrorException notSupported) {
            return false;
        }
    }

    private static void closeQuietly(int fd) {
        try {
            LibC.INSTANCE.close(fd);
        } catch (LastErrorException ignored) {
            // a read-only or never-written descriptor: nothing of ours is lost
        }
    }
}
