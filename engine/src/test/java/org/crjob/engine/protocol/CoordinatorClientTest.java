package org.crjob.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CoordinatorClientTest {

    private static final String TOKEN = Tokens.newToken();

    @Test
    void unreachablePortGivesUnreachableNamingHostAndPort() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, TestServer.LOOPBACK)) {
            port = probe.getLocalPort(); // free a moment ago, and nobody listens there now
        }
        CoordinatorClient client = new CoordinatorClient("127.0.0.1", port, TOKEN);

        CoordinatorUnreachableException e = assertThrows(CoordinatorUnreachableException.class,
                () -> client.call("status", null, Duration.ofSeconds(5)));

        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
        assertTrue(e.getMessage().contains("may have exited"), e.getMessage());
        assertTrue(e.getMessage().contains("not be reachable from here"), e.getMessage());
    }

    @Test
    void anUnknownHostGivesUnreachableNamingTheHost() {
        CoordinatorClient client = new CoordinatorClient("no-such-node.invalid", 4711, TOKEN);

        CoordinatorUnreachableException e = assertThrows(CoordinatorUnreachableException.class,
                () -> client.call("status", null, Duration.ofSeconds(5)));

        assertTrue(e.getMessage().contains("no-such-node.invalid:4711"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown"), e.getMessage());
    }

    @Test
    void noReplyInTimeGivesTimeout() throws IOException {
        // the kernel completes the handshake for the backlog; nobody ever reads or answers
        try (ServerSocket silent = new ServerSocket(0, 1, TestServer.LOOPBACK)) {
            CoordinatorClient client = new CoordinatorClient("127.0.0.1", silent.getLocalPort(), TOKEN);

            CoordinatorTimeoutException e = assertThrows(CoordinatorTimeoutException.class,
                    () -> client.call("checkpoint", null, Duration.ofMillis(300)));

            assertEquals("checkpoint", e.command());
            assertEquals(Duration.ofMillis(300), e.timeout());
            assertTrue(e.getMessage().contains("\"checkpoint\""), e.getMessage());
            assertTrue(e.getMessage().contains("within 300ms"), e.getMessage());
            assertTrue(e.getMessage().contains("127.0.0.1:" + silent.getLocalPort()), e.getMessage());
        }
    }

    @Test
    void aPeerThatIsNotACoordinatorIsNamedAsSuch() throws Exception {
        CoordinatorException e = callAPeerThatAnswers("SSH-2.0-OpenSSH_9.2\n", "status", CoordinatorException.class);

        assertEquals(CoordinatorException.class, e.getClass());
        assertTrue(e.getMessage().contains("not a crjob coordinator reply"), e.getMessage());
    }

    @Test
    void aPeerThatClosesWithoutReplyingIsConnectionLost() throws Exception {
        CoordinatorConnectionLostException e = callAPeerThatAnswers("", "quit",
                CoordinatorConnectionLostException.class);

        assertTrue(e.getMessage().contains("without replying to \"quit\""), e.getMessage());
    }

    @Test
    void theClientDoesNotShowItsToken() {
        CoordinatorClient client = new CoordinatorClient("node1", 4711, TOKEN);

        assertEquals("CoordinatorClient[node1:4711]", client.toString());
        assertFalse(client.toString().contains(TOKEN));
    }

    /** Calls {@code command} on a peer that answers {@code reply} and closes; returns what the call threw. */
    private static <E extends Throwable> E callAPeerThatAnswers(String reply, String command, Class<E> thrown)
            throws IOException {
        try (ServerSocket other = new ServerSocket(0, 1, TestServer.LOOPBACK)) {
            CompletableFuture<Void> peer = CompletableFuture.runAsync(() -> answer(other, reply));
            CoordinatorClient client = new CoordinatorClient("127.0.0.1", other.getLocalPort(), TOKEN);

            E e = assertThrows(thrown, () -> client.call(command, null, Duration.ofSeconds(10)));

            peer.orTimeout(10, TimeUnit.SECONDS).join();
            return e;
        }
    }

    /** Accepts one connection, reads the request line, answers {@code reply} and closes. */
    private static void answer(ServerSocket server, String reply) {
        try (Socket socket = server.accept()) {
            socket.setSoTimeout(10_000);
            int b;
            while ((b = socket.getInputStream().read()) >= 0 && b != '\n') {
                // the request; its content does not matter here
            }
            OutputStream out = socket.getOutputStream();
            out.write(reply.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
