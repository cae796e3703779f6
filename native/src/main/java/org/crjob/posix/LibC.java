package org.crjob.posix;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;

/**
 * The raw libc calls crjob needs, bound by JNA. Package-private: everything else goes through
 * {@link Posix}, which turns errno into a {@link PosixException} naming the call.
 *
 * <p>Calls that can fail declare {@link LastErrorException}: JNA then reads errno in native code
 * straight after the call, before the JVM can run anything that clobbers it (which
 * {@code Native.getLastError()} afterwards cannot promise).
 */
interface LibC extends Library {

    LibC INSTANCE = Native.load("c", LibC.class);

    // prctl(2) options, from <linux/prctl.h>; identical on x86_64 and aarch64.
    int PR_SET_PDEATHSIG = 1;
    int PR_GET_PDEATHSIG = 2;
    int PR_SET_CHILD_SUBREAPER = 36;
    int PR_GET_CHILD_SUBREAPER = 37;

    // These four cannot fail (getpgrp is getpgid(0) of ourselves).
    int getpid();

    int getppid();

    int getuid();

    int getpgrp();

    int getpgid(int pid) throws LastErrorException;

    int getsid(int pid) throws LastErrorException;

    int kill(int pid, int sig) throws LastErrorException;

    int setsid() throws LastErrorException;

    /** waitpid(2); status may be null. */
    int waitpid(int pid, IntByReference status, int options) throws LastErrorException;

    /** waitid(2); siginfo receives a siginfo_t. */
    int waitid(int idtype, int id, byte[] siginfo, int options) throws LastErrorException;

    /**
     * prctl is variadic in C; the kernel reads every argument as an unsigned long. Passing four
     * Java longs is correct on the LP64 targets we support (x86_64, aarch64 Linux), where a
     * variadic call passes its arguments in the same registers as a fixed one.
     */
    int prctl(int option, long arg2, long arg3, long arg4, long arg5) throws LastErrorException;

    /** The PR_GET_* options that write their answer to an {@code int *} in arg2. */
    int prctl(int option, IntByReference arg2, long arg3, long arg4, long arg5) throws LastErrorException;

    // open(2) flags, from <asm-generic/fcntl.h>; identical on x86_64 and aarch64.
    int O_RDONLY = 0;
    int O_WRONLY = 1;
    int O_CREAT = 0100;
    int O_EXCL = 0200;
    int O_APPEND = 02000;
    int O_NOFOLLOW = 0400000;
    int O_CLOEXEC = 02000000;

    /** ioctl_ficlone(2): _IOW(0x94, 9, int). */
    long FICLONE = 0x40049409L;

    /** open is variadic in C; the mode is read only with O_CREAT. Three ints are correct on x86_64 and aarch64. */
    int open(String path, int flags, int mode) throws LastErrorException;

    /** ioctl is variadic in C; FICLONE's argument is the source's descriptor, passed as a long like a register. */
    int ioctl(int fd, long request, long arg) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int unlink(String path) throws LastErrorException;

    String strerror(int errnum);
}
