package org.crjob.engine.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import org.crjob.concurrent.Deadline;

/**
 * Reads newline-terminated lines from a socket with a length cap and a deadline for the whole line,
 * so neither a flood of bytes nor a client trickling one byte a minute can hold a connection thread.
 */
final class LineReader {

    /** Thrown when a line is longer than the cap; what was read of it is discarded. */
    static final class LineTooLongException extends IOException {
        LineTooLongException(int max) {
            super("line longer than " + max + " bytes");
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final int maxBytes;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;

    LineReader(Socket socket, int maxBytes) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.maxBytes = maxBytes;
    }

    /**
     * The next line without its {@code \n} (and without a {@code \r} before it), or null at end of
     * stream. A last line without a newline still counts: {@code printf '{...}' | nc} should work.
     *
     * @throws SocketTimeoutException when the line is not complete by {@code deadline}
     * @throws LineTooLongException   when the line exceeds the cap
     */
    byte[] readLine(Deadline deadline) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean any = false;
        while (true) {
            if (position == limit && !fill(deadline)) {
                return any ? strip(line.toByteArray()) : null;
            }
            any = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            line.write(buffer, start, position - start);
            // the cap counts the \r of a CRLF line; one byte of slack is not worth a special case
            if (line.size() > maxBytes) {
                throw new LineTooLongException(maxBytes);
            }
            if (position < limit) {
                position++; // the newline
                return strip(line.toByteArray());
            }
        }
    }

    private boolean fill(Deadline deadline) throws IOException {
        long remainingMillis = deadline.remaining().toMillis();
        if (remainingMillis <= 0) {
            throw new SocketTimeoutException("no complete line in time");
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMillis));
        int n = in.read(buffer);
        if (n < 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    private static byte[] strip(byte[] line) {
        if (line.length > 0 && line[line.length - 1] == '\r') {
            return Arrays.copyOf(line, line.length - 1);
        }
        return line;
    }
}
