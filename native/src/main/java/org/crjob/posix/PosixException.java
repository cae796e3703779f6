package org.crjob.posix;

import java.util.Arrays;
import java.util.List;

/**
 * A libc call failed. The message reads like the call and its errno, e.g.
 * {@code kill(999999, USR1) failed: ESRCH (No such process)}, so a log line alone says what was
 * attempted on which process and why the kernel refused.
 */
public final class PosixException extends RuntimeException {

    private final String call;
    private final List<String> arguments;
    private final int errno;
    private final String errnoName;
    private final String description;

    /**
     * @param call the libc function, e.g. {@code kill}
     * @param errno the errno it set
     * @param arguments what it was called with, rendered with {@code String.valueOf}
     */
    public PosixException(String call, int errno, Object... arguments) {
        this(call, errno, render(arguments), Errno.name(errno), Errno.describe(errno));
    }

    private PosixException(String call, int errno, List<String> arguments, String errnoName, String description) {
        super(call + "(" + String.join(", ", arguments) + ") failed: " + errnoName + " (" + description + ")");
        this.call = call;
        this.arguments = arguments;
        this.errno = errno;
        this.errnoName = errnoName;
        this.description = description;
    }

    private static List<String> render(Object[] arguments) {
        return Arrays.stream(arguments).map(String::valueOf).toList();
    }

    /** The libc function that failed, e.g. {@code kill}. */
    public String call() {
        return call;
    }

    /** Its arguments as they appear in the message. */
    public List<String> arguments() {
        return arguments;
    }

    public int errno() {
        return errno;
    }

    /** e.g. {@code ESRCH}, or {@code errno 123} when the number has no name in our table. */
    public String errnoName() {
        return errnoName;
    }

    /** strerror's text, e.g. {@code No such process}. */
    public String description() {
        return description;
    }
}
