package org.crjob.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A peer without the token must not keep the job's own clients out of its coordinator, nor fill the user's quota
 * with log lines (issue 18, items 3 and 4).
 */
class ControlPortFloodTest {

    private static final String WRONG_TOKEN_LINE = "{\"token\":\"guess\",\"command\":\"status\"}";
    private static final RequestHandler STATUS = request -> JsonNodeFactory.instance.objectNode().put("ok", true);

    private final List<Socket> attacker = new ArrayList<>();

    @AfterEach
    void closeTheAttackersConnections() {
        attacker.forEach(Sockets::closeQuietly);
    }

    @Test
    void aWrongTokenEndsTheConnection() throws IOException {
        try (TestServer server = new TestServer(STATUS); TestServer.Raw raw = server.raw()) {
            assertEquals(ErrorCode.UNAUTHORIZED, raw.exchange(WRONG_TOKEN_LINE).code());

            assertNull(raw.readLine(), "a peer without the token must not keep its connection (and its slot)");
        }
    }

    @Test
    void aHostHoldingManyConnectionsCannotKeepTheJobsClientsOut() throws IOException {
        try (TestServer server = new TestServer(new CoordinatorServer(), STATUS)) {
            // from another address of this host, as from another node
            InetAddress elsewhere = InetAddress.getByName("127.0.0.2");
            for (int i = 0; i < 2 * CoordinatorServer.DEFAULT_MAX_CONNECTIONS; i++) {
                Socket socket = connect(server, elsewhere);
                if (i % 2 == 0) {
                    socket.getOutputStream().write((WRONG_TOKEN_LINE + "\n").getBytes());
                }
            }

            JsonNode status = server.client().call("status", null, Duration.ofSeconds(10));

            assertTrue(status.get("ok").asBoolean());
        }
    }

    @Test
    void wrongTokenLinesOnEverySlotCannotMakeStatusFail() throws IOException {
        try (TestServer server = new TestServer(new CoordinatorServer(), STATUS)) {
            // from the clients' own address: the per-peer limit does not help, the refusals' hang-up and the
            // clients' retries must
            for (int i = 0; i < CoordinatorServer.DEFAULT_MAX_CONNECTIONS; i++) {
                connect(server, TestServer.LOOPBACK).getOutputStream().write((WRONG_TOKEN_LINE + "\n").getBytes());
            }

            JsonNode status = server.client().call("status", null, Duration.ofSeconds(10));

            assertTrue(status.get("ok").asBoolean());
        }
    }

    @Test
    void aBusyCoordinatorIsAskedAgainWithinTheClientsTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        CommandTable table = new CommandTable().on("checkpoint", request -> {
            entered.countDown();
            awaitQuietly(release);
            return null;
        }).on("status", STATUS);
        try (TestServer server = new TestServer(table, CoordinatorServer.DEFAULT_IDLE_TIMEOUT, 1)) {
            CompletableFuture<JsonNode> checkpoint = CompletableFuture.supplyAsync(
                    () -> server.client().call("checkpoint", null, Duration.ofMinutes(1)));
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            CompletableFuture<JsonNode> status = CompletableFuture.supplyAsync(
                    () -> server.client().call("status", null, Duration.ofSeconds(20)));

            release.countDown();

            assertTrue(status.get(20, TimeUnit.SECONDS).get("ok").asBoolean());
            checkpoint.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void refusalsAreLoggedAtMostOnceAMinuteWithTheirCountAndPeer() throws IOException {
        AtomicLong nanoTime = new AtomicLong();
        CoordinatorServer coordinator = new CoordinatorServer(CoordinatorServer.DEFAULT_IDLE_TIMEOUT,
                CoordinatorServer.DEFAULT_MAX_CONNECTIONS, CoordinatorServer.DEFAULT_MAX_PER_PEER, nanoTime::get);
        try (TestServer server = new TestServer(coordinator, STATUS)) {
            for (int i = 0; i < 50; i++) {
                server.once(WRONG_TOKEN_LINE);
            }
            assertEquals(1, server.log.size(), server.log.toString());
            assertTrue(server.log.get(0).contains("wrong token"), server.log.get(0));

            nanoTime.addAndGet(RefusalLog.EVERY.toNanos());
            server.once(WRONG_TOKEN_LINE);

            assertEquals(2, server.log.size(), server.log.toString());
            assertTrue(server.log.get(1).contains("49 more request(s) refused"), server.log.get(1));
            assertTrue(server.log.get(1).contains("127.0.0.1 49"), server.log.get(1));

            server.once(WRONG_TOKEN_LINE);
            server.close();
            assertEquals(3, server.log.size(), "the count not yet logged is written at close: " + server.log);
            assertTrue(server.log.get(2).startsWith("1 more request(s) refused"), server.log.get(2));
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Socket connect(TestServer server, InetAddress from) throws IOException {
        Socket socket = new Socket();
        attacker.add(socket);
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress(TestServer.LOOPBACK, server.port));
        return socket;
    }
}
