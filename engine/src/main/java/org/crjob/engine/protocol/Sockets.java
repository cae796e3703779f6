package org.crjob.engine.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.crjob.concurrent.Deadline;

/** Writing a reply line, and closing a socket without losing the last reply. */
final class Sockets {

    /** How long a connection that is being closed may keep sending before we cut it off. */
    private static final long DRAIN_MILLIS = 1000;
    private static final long DRAIN_MAX_BYTES = 1 << 20;

    private Sockets() {
    }

    static void writeLine(OutputStream out, String line) throws IOException {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(bytes);
        out.flush();
    }

    /**
     * Closes after a final reply. Closing a TCP socket with unread input sends a reset, and a reset
     * can make the peer lose the reply it has not read yet (a client still sending a 100 KiB line,
     * or one told "busy" before it sent its request). So: send FIN first, then read and drop what
     * the peer still sends, for a bounded time and amount, then close.
     */
    static void closeAfterReply(Socket socket) {
        try {
            socket.shutdownOutput();
            socket.setSoTimeout((int) DRAIN_MILLIS);
            InputStream in = socket.getInputStream();
            byte[] sink = new byte[8192];
            Deadline deadline = Deadline.in(Duration.ofMillis(DRAIN_MILLIS));
            long drained = 0;
            int n;
            while (drained < DRAIN_MAX_BYTES && !deadline.passed() && (n = in.read(sink)) >= 0) {
                drained += n;
            }
        } catch (IOException e) {
            // the peer went away or stayed silent: either way we are done with it
        } finally {
            closeQuietly(socket);
        }
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do with a socket we are throwing away
        }
    }
}
