package org.crjob.posix;

import com.sun.jna.LastErrorException;
import com.sun.jna.ptr.IntByReference;

/**
 * A TCP socket of ours, listening on a port the kernel chose, for a program we start to take over by descriptor
 * number (see {@link Spawn}). Close-on-exec: no other child of ours inherits it. Closing it here leaves the copy a
 * started child holds.
 *
 * @param fd   its descriptor in this process
 * @param port the port it listens on
 */
public record ListeningSocket(int fd, int port) implements AutoCloseable {
    private static final SpawnLibC C = SpawnLibC.INSTANCE;
    private static final int SOCKADDR_IN_BYTES = 16;
    private static final int BACKLOG = 128;

    /** Listens on 127.0.0.1 only (reachable from this node alone) or, if not {@code loopbackOnly}, on every address. */
    public static ListeningSocket open(boolean loopbackOnly) {
        int fd;
        try {
            fd = C.socket(SpawnLibC.AF_INET, SpawnLibC.SOCK_STREAM | SpawnLibC.SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new PosixException("socket", e.getErrorCode(), "AF_INET", "SOCK_STREAM|SOCK_CLOEXEC", 0);
        }
        String address = loopbackOnly ? "127.0.0.1:0" : "0.0.0.0:0";
        try {
            bindAndListen(fd, address, loopbackOnly);
            return new ListeningSocket(fd, port(fd));
        } catch (PosixException e) {
            closeQuietly(fd);
            throw e;
        }
    }

    private static void bindAndListen(int fd, String address, boolean loopbackOnly) {
        byte[] sockaddr = new byte[SOCKADDR_IN_BYTES];
        sockaddr[0] = (byte) SpawnLibC.AF_INET; // sin_family, little-endian short; sin_port 0: the kernel picks
        if (loopbackOnly) {
            sockaddr[4] = 127;
            sockaddr[7] = 1;
        }
        try {
            C.bind(fd, sockaddr, sockaddr.length);
        } catch (LastErrorException e) {
            throw new PosixException("bind", e.getErrorCode(), fd, address);
        }
        try {
            C.listen(fd, BACKLOG);
        } catch (LastErrorException e) {
            throw new PosixException("listen", e.getErrorCode(), fd, BACKLOG);
        }
    }

    private static int port(int fd) {
        byte[] sockaddr = new byte[SOCKADDR_IN_BYTES];
        try {
            C.getsockname(fd, sockaddr, new IntByReference(sockaddr.length));
        } catch (LastErrorException e) {
            throw new PosixException("getsockname", e.getErrorCode(), fd);
        }
        return (sockaddr[2] & 0xff) << 8 | sockaddr[3] & 0xff; // sin_port, network byte order
    }

    @Override
    public void close() {
        closeQuietly(fd);
    }

    private static void closeQuietly(int fd) {
        try {
            C.close(fd);
        } catch (LastErrorException e) {
            // nothing to undo: the descriptor is gone either way
        }
    }
}
