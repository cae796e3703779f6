package org.crjob.posix;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * The libc calls that start a process holding a descriptor of ours at a number we choose (posix_spawn with file
 * actions), and that make the listening socket it inherits. Java's ProcessBuilder closes every descriptor above 2 in
 * the child, so a program that takes a socket by number (DMTCP's coordinator, on fd 821) cannot be given one through it.
 *
 * <p>The posix_spawn functions return an error number instead of setting errno; the socket calls set errno.
 */
interface SpawnLibC extends Library {

    SpawnLibC INSTANCE = Native.load("c", SpawnLibC.class);

    // <bits/socket.h>, <netinet/in.h>, <spawn.h> on Linux (x86_64 and aarch64 alike); open(2)'s flags are LibC's
    int AF_INET = 2;
    int SOCK_STREAM = 1;
    int SOCK_CLOEXEC = 02000000;
    short POSIX_SPAWN_SETSIGDEF = 0x04;
    short POSIX_SPAWN_SETSIGMASK = 0x08;
    /** sizeof(posix_spawn_file_actions_t) is 80 and sizeof(posix_spawnattr_t) 336 in glibc: room for both. */
    int SPAWN_STRUCT_BYTES = 512;
    /** sizeof(sigset_t) in glibc (1024 bits). */
    int SIGSET_BYTES = 128;

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, byte[] sockaddr, int length) throws LastErrorException;

    int listen(int fd, int backlog) throws LastErrorException;

    int getsockname(int fd, byte[] sockaddr, IntByReference length) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int posix_spawn_file_actions_init(Pointer actions);

    int posix_spawn_file_actions_destroy(Pointer actions);

    int posix_spawn_file_actions_addopen(Pointer actions, int fd, String path, int flags, int mode);

    int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

    int posix_spawnattr_init(Pointer attributes);

    int posix_spawnattr_destroy(Pointer attributes);

    int posix_spawnattr_setflags(Pointer attributes, short flags);

    int posix_spawnattr_setsigmask(Pointer attributes, Pointer sigset);

    int posix_spawnattr_setsigdefault(Pointer attributes, Pointer sigset);

    int sigemptyset(Pointer sigset);

    int sigfillset(Pointer sigset);

    int posix_spawn(IntByReference pid, String path, Pointer actions, Pointer attributes, String[] argv, String[] envp);
}
