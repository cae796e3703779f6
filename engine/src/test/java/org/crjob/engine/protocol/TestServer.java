package org.crjob.engine.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A coordinator server on 127.0.0.1 with a fresh token, its log, and raw-socket helpers for tests. */
final class TestServer implements AutoCloseable {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);

    final String token = Tokens.newToken();
    final List<String> log = new CopyOnWriteArrayList<>();
    final CoordinatorServer server;
    final int port;

    TestServer(RequestHandler handler) throws IOException {
        this(handler, CoordinatorServer.DEFAULT_IDLE_TIMEOUT, CoordinatorServer.DEFAULT_MAX_CONNECTIONS);
    }

    TestServer(RequestHandler handler, Duration idleTimeout, int maxConnections) throws IOException {
        this(new CoordinatorServer(idleTimeout, maxConnections), handler);
    }

    /** A server as built by the test: per-peer limits, a clock. */
    TestServer(CoordinatorServer server, RequestHandler handler) throws IOException {
        this.server = server;
        port = server.start(LOOPBACK, 0, token, handler, (severity, message) -> log.add(message));
    }

    CoordinatorClient client() {
        return new CoordinatorClient(LOOPBACK.getHostAddress(), port, token);
    }

    JsonNode call(String command) {
        return client().call(command, null, REPLY_TIMEOUT);
    }

    /** A raw connection, for sending what CoordinatorClient never would. */
    Raw raw() throws IOException {
        return new Raw(new Socket(LOOPBACK, port));
    }

    /**
     * Sends {@code line} on a connection of its own and returns the reply, after checking that the server
     * closed the connection behind it (as it does after a refused or malformed request).
     */
    Reply once(String line) throws IOException {
        try (Raw raw = raw()) {
            Reply reply = raw.exchange(line);
            String after = raw.readLine();
            if (after != null) {
                throw new AssertionError("the server kept the connection open after " + reply + " and sent " + after);
            }
            return reply;
        }
    }

    @Override
    public void close() {
        server.close();
    }

    static ObjectNode object(String key, Object value) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.set(key, Json.MAPPER.valueToTree(value));
        return node;
    }

    static final class Raw implements AutoCloseable {
        final Socket socket;
        private final OutputStream out;
        private final BufferedReader in;

        Raw(Socket socket) throws IOException {
            this.socket = socket;
            // a broken server must fail the test, not hang it
            socket.setSoTimeout((int) REPLY_TIMEOUT.toMillis());
            this.out = socket.getOutputStream();
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        }

        void send(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        void sendLine(String line) throws IOException {
            send((line + "\n").getBytes(StandardCharsets.UTF_8));
        }

        /** The next reply line as text, or null when the server closed the connection. */
        String readLine() throws IOException {
            return in.readLine();
        }

        Reply reply() throws IOException {
            String line = readLine();
            if (line == null) {
                throw new IOException("the server closed the connection instead of replying");
            }
            return Reply.parse(line);
        }

        Reply exchange(String line) throws IOException {
            sendLine(line);
            return reply();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
