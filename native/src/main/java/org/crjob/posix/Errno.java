package org.crjob.posix;

import java.util.Map;

/**
 * Symbolic names for the errno values crjob is likely to meet. libc has no portable call that maps
 * a number to its name (only to its text, via strerror), so the common ones are listed here, with
 * the generic Linux numbers shared by x86_64 and aarch64.
 */
final class Errno {

    static final int EPERM = 1;
    static final int ESRCH = 3;
    static final int EINTR = 4;
    static final int ECHILD = 10;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(EPERM, "EPERM"),
            Map.entry(2, "ENOENT"),
            Map.entry(ESRCH, "ESRCH"),
            Map.entry(4, "EINTR"),
            Map.entry(5, "EIO"),
            Map.entry(7, "E2BIG"),
            Map.entry(8, "ENOEXEC"),
            Map.entry(9, "EBADF"),
            Map.entry(10, "ECHILD"),
            Map.entry(11, "EAGAIN"),
            Map.entry(12, "ENOMEM"),
            Map.entry(13, "EACCES"),
            Map.entry(14, "EFAULT"),
            Map.entry(16, "EBUSY"),
            Map.entry(17, "EEXIST"),
            Map.entry(20, "ENOTDIR"),
            Map.entry(21, "EISDIR"),
            Map.entry(22, "EINVAL"),
            Map.entry(24, "EMFILE"),
            Map.entry(28, "ENOSPC"),
            Map.entry(30, "EROFS"),
            Map.entry(32, "EPIPE"),
            Map.entry(34, "ERANGE"),
            Map.entry(38, "ENOSYS"));

    private Errno() {
    }

    /** {@code ESRCH} for 3; {@code errno 123} for a number not in the table. */
    static String name(int errno) {
        String name = NAMES.get(errno);
        return name != null ? name : "errno " + errno;
    }

    /** The C library's own text for errno, e.g. "No such process". */
    static String describe(int errno) {
        String text = LibC.INSTANCE.strerror(errno);
        return text != null ? text : "unknown error";
    }
}
