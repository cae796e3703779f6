package org.crjob.engine.protocol;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CoordinatorServerTest {

    private static final RequestHandler ECHO = request -> {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("command", request.command());
        result.set("args", request.args());
        return result;
    };

    /** A handler that only counts the requests that reach it. */
    private static RequestHandler countingCalls(AtomicInteger calls) {
        return request -> {
            calls.incrementAndGet();
            return null;
        };
    }

    @Test
    void aRequestWithTheRightTokenReachesTheHandlerAndItsResultComesBack() throws IOException {
        List<Request> seen = new CopyOnWriteArrayList<>();
        try (TestServer server = new TestServer(request -> {
            seen.add(request);
            return ECHO.handle(request);
        })) {
            JsonNode result = server.client().call("interval", TestServer.object("seconds", 3600), TestServer.REPLY_TIMEOUT);

            assertEquals("interval", result.get("command").asText());
            assertEquals(3600, result.at("/args/seconds").asInt());
            assertEquals(1, seen.size());
            assertEquals("interval", seen.get(0).command());
            assertEquals(3600, seen.get(0).args().get("seconds").asInt());
            assertEquals(List.of(), server.log);
        }
    }

    @Test
    void aRequestWithoutArgsGetsAnEmptyObject() throws IOException {
        try (TestServer server = new TestServer(ECHO)) {
            JsonNode result = server.call("status");

            assertTrue(result.get("args").isObject());
            assertTrue(result.get("args").isEmpty());
        }
    }

    @Test
    void oneConnectionCarriesSeveralRequestsInTurn() throws IOException {
        try (TestServer server = new TestServer(ECHO); TestServer.Raw raw = server.raw()) {
            for (String command : List.of("status", "interval", "status")) {
                Reply reply = raw.exchange("{\"token\":\"" + server.token + "\",\"command\":\"" + command + "\"}");

                assertTrue(reply.ok(), reply.toString());
                assertEquals(command, reply.result().get("command").asText());
            }
            // and a client that sends two lines at once gets two replies, in order
            raw.send(("{\"token\":\"" + server.token + "\",\"command\":\"a\"}\r\n"
                    + "{\"token\":\"" + server.token + "\",\"command\":\"b\"}\n").getBytes(StandardCharsets.UTF_8));
            assertEquals("a", raw.reply().result().get("command").asText());
            assertEquals("b", raw.reply().result().get("command").asText());
        }
    }

    @Test
    void noTokenIsRefusedAndLoggedWithoutTheToken() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        try (TestServer server = new TestServer(countingCalls(calls)); TestServer.Raw raw = server.raw()) {
            Reply reply = raw.exchange("{\"command\":\"checkpoint\"}");

            assertFalse(reply.ok());
            assertEquals(ErrorCode.UNAUTHORIZED, reply.code());
            assertTrue(reply.error().contains("token"), reply.error());
            assertEquals(0, calls.get());
            assertEquals(1, server.log.size(), server.log.toString());
            String line = server.log.get(0);
            assertTrue(line.contains("127.0.0.1:" + raw.socket.getLocalPort()), line);
            assertTrue(line.contains("checkpoint"), line);
            assertFalse(line.contains(server.token), line);
        }
    }

    @Test
    void wrongTokenIsRefused() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        try (TestServer server = new TestServer(countingCalls(calls))) {
            String wrong = Tokens.newToken();
            CoordinatorClient client = new CoordinatorClient("127.0.0.1", server.port, wrong);

            CoordinatorReplyException e = assertThrows(CoordinatorReplyException.class,
                    () -> client.call("kill", null, TestServer.REPLY_TIMEOUT));

            assertEquals(ErrorCode.UNAUTHORIZED, e.code());
            assertEquals(0, calls.get());
            assertFalse(e.getMessage().contains(wrong), e.getMessage());
            assertFalse(e.getMessage().contains(server.token), e.getMessage());
            assertEquals(1, server.log.size(), server.log.toString());
            assertTrue(server.log.get(0).contains("\"kill\""), server.log.get(0));
            // neither the real token nor the one offered: an old token of the same job is still a secret
            assertFalse(server.log.get(0).contains(wrong), server.log.get(0));
            assertFalse(server.log.get(0).contains(server.token), server.log.get(0));
        }
    }

    @Test
    void aTokenThatIsNotAStringIsRefused() throws IOException {
        try (TestServer server = new TestServer(ECHO)) {
            assertEquals(ErrorCode.UNAUTHORIZED, server.once("{\"token\":[\"" + server.token + "\"],\"command\":\"status\"}").code());
            assertEquals(ErrorCode.UNAUTHORIZED, server.once("{\"token\":null,\"command\":\"status\"}").code());
            assertEquals(ErrorCode.UNAUTHORIZED, server.once("{\"token\":\"\",\"command\":\"status\"}").code());
        }
    }

    @Test
    void garbageLinesGetBadRequestAndTheServerStaysHealthy() throws IOException {
        try (TestServer server = new TestServer(ECHO)) {
            String good = "{\"token\":\"" + server.token + "\",\"command\":\"status\"}";
            try (TestServer.Raw raw = server.raw()) {
                byte[] noise = new byte[4096];
                new Random(42).nextBytes(noise);
                noise[0] = (byte) 0xff; // never valid in UTF-8, whatever the seed gives
                for (int i = 0; i < noise.length; i++) {
                    if (noise[i] == '\n') {
                        noise[i] = 0;
                    }
                }
                raw.send(noise);
                raw.send(new byte[] {'\n'});
                assertBadRequest(raw.reply(), "UTF-8");
                assertNull(raw.readLine(), "a bad request ends the connection");
            }
            // each on a connection of its own: a bad request ends its connection
            assertBadRequest(server.once("[1,2,3]"), "array");
            assertBadRequest(server.once("\"checkpoint\""), "string");
            assertBadRequest(server.once("{\"token\":"), "JSON");
            assertBadRequest(server.once("{\"command\":\"status\"} {\"x\":1}"), "JSON");
            assertBadRequest(server.once(""), "empty");
            assertBadRequest(server.once("{\"token\":\"" + server.token + "\"}"), "command");
            assertBadRequest(server.once("{\"token\":\"" + server.token + "\",\"command\":\"status\",\"args\":[1]}"), "args");
            String deep = "[".repeat(5000) + "]".repeat(5000);
            assertBadRequest(server.once(deep), "JSON");
            try (TestServer.Raw raw = server.raw()) {
                // all of that, and the server still serves
                assertTrue(raw.exchange(good).ok());

                raw.sendLine("x".repeat(100 * 1024));
                assertBadRequest(raw.reply(), "longer than 65536 bytes");
                assertNull(raw.readLine(), "a line too long ends the connection");
            }
            assertEquals("status", server.call("status").get("command").asText());
        }
    }

    @Test
    void aBadRequestNeverEchoesTheToken() throws IOException {
        try (TestServer server = new TestServer(ECHO)) {
            // unquoted, so Jackson's own message would quote it as an unrecognized token
            for (String line : List.of("{\"token\":" + server.token + ",\"command\":\"status\"}",
                    server.token, "{\"token\":\"" + server.token + "\",\"token\":\"x\",\"command\":\"status\"}")) {
                Reply reply = server.once(line);
                assertFalse(reply.ok());
                assertFalse(reply.toLine().contains(server.token), reply.toLine());
            }
        }
    }

    @Test
    void anUnknownCommandNamesItself() throws IOException {
        CommandTable table = new CommandTable().on("status", ECHO).on("checkpoint", ECHO);
        try (TestServer server = new TestServer(table)) {
            CoordinatorReplyException e = assertThrows(CoordinatorReplyException.class, () -> server.call("frobnicate"));

            assertEquals(ErrorCode.UNKNOWN_COMMAND, e.code());
            assertEquals("unknown command \"frobnicate\": this coordinator knows checkpoint, status", e.getMessage());
        }
    }

    @Test
    void aFailingHandlerGivesOneLineErrorAndTheServerStaysUp() throws IOException {
        CommandTable table = new CommandTable()
                .on("checkpoint", request -> {
                    throw new RequestFailedException("no-checkpoint", "no checkpoint yet:\nthe application has not started");
                })
                .on("interval", request -> {
                    throw new RequestFailedException("interval must be positive, got -1; e.g. 3600");
                })
                .on("kill", request -> {
                    throw new IllegalStateException("boom\nsecond line");
                })
                .on("status", ECHO);
        try (TestServer server = new TestServer(table)) {
            CoordinatorReplyException failed = assertThrows(CoordinatorReplyException.class, () -> server.call("checkpoint"));
            assertEquals("no-checkpoint", failed.code());
            assertEquals("no checkpoint yet: the application has not started", failed.getMessage());

            CoordinatorReplyException plain = assertThrows(CoordinatorReplyException.class, () -> server.call("interval"));
            assertEquals(ErrorCode.FAILED, plain.code());

            CoordinatorReplyException internal = assertThrows(CoordinatorReplyException.class, () -> server.call("kill"));
            assertEquals(ErrorCode.INTERNAL, internal.code());
            assertTrue(internal.getMessage().startsWith("internal error in the coordinator while running \"kill\""),
                    internal.getMessage());
            assertFalse(internal.getMessage().contains("\n"), internal.getMessage());
            assertFalse(internal.getMessage().contains("at org."), "no stack trace in the reply: " + internal.getMessage());
            // the details go to the log instead, on one line
            assertEquals(1, server.log.size(), server.log.toString());
            assertTrue(server.log.get(0).contains("IllegalStateException: boom second line"), server.log.get(0));

            assertEquals("status", server.call("status").get("command").asText());
        }
    }

    @Test
    void aSlowHandlerDoesNotBlockOtherClients() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        CommandTable table = new CommandTable()
                .on("checkpoint", request -> {
                    entered.countDown();
                    block(release);
                    return TestServer.object("generation", 1);
                })
                .on("status", ECHO);
        try (TestServer server = new TestServer(table)) {
            CompletableFuture<JsonNode> checkpoint = CompletableFuture.supplyAsync(
                    () -> server.client().call("checkpoint", null, Duration.ofMinutes(1)));
            await().atMost(Duration.ofSeconds(10)).until(() -> entered.getCount() == 0);

            assertEquals("status", server.call("status").get("command").asText());
            assertFalse(checkpoint.isDone());

            release.countDown();
            assertEquals(1, checkpoint.get(10, TimeUnit.SECONDS).get("generation").asInt());
        }
    }

    @Test
    void beyondTheConnectionLimitAClientIsToldBusy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        try (TestServer server = new TestServer(request -> {
            entered.countDown();
            block(release);
            return null;
        }, CoordinatorServer.DEFAULT_IDLE_TIMEOUT, 1)) {
            CompletableFuture<JsonNode> first = CompletableFuture.supplyAsync(
                    () -> server.client().call("checkpoint", null, Duration.ofMinutes(1)));
            await().atMost(Duration.ofSeconds(10)).until(() -> entered.getCount() == 0);

            CoordinatorReplyException e = assertThrows(CoordinatorReplyException.class,
                    () -> server.client().call("status", null, Duration.ofMillis(300)));

            assertEquals(ErrorCode.BUSY, e.code());
            release.countDown();
            first.get(10, TimeUnit.SECONDS);
            // the slot is free again once the first connection is done
            await().atMost(Duration.ofSeconds(10)).ignoreException(CoordinatorReplyException.class)
                    .until(() -> server.call("status") != null);
        }
    }

    @Test
    void idleConnectionIsDropped() throws IOException {
        try (TestServer server = new TestServer(ECHO, Duration.ofMillis(200), 4); TestServer.Raw raw = server.raw()) {
            long start = System.nanoTime();

            assertNull(raw.readLine(), "the server should close a connection that sends nothing");

            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
        }
    }

    @Test
    void aClientTricklingBytesIsDroppedToo() throws IOException {
        try (TestServer server = new TestServer(ECHO, Duration.ofMillis(300), 4); TestServer.Raw raw = server.raw()) {
            // one byte at a time, each well within the idle timeout: the whole line still has to arrive in time,
            // so sooner or later a write fails on the connection the server has closed
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                try {
                    raw.send(new byte[] {' '});
                    return false;
                } catch (IOException e) {
                    return true;
                }
            });
        }
    }

    @Test
    void closeStopsAcceptingPromptly() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        TestServer server = new TestServer(request -> {
            entered.countDown();
            block(new CountDownLatch(1)); // a checkpoint that would never end
            return null;
        });
        CompletableFuture<JsonNode> stuck = CompletableFuture.supplyAsync(
                () -> server.client().call("checkpoint", null, Duration.ofMinutes(1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> entered.getCount() == 0);
        long start = System.nanoTime();

        server.close();

        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3), "close took too long");
        assertThrows(ConnectException.class, () -> new Socket(TestServer.LOOPBACK, server.port).close());
        // the client waiting on the stuck command hears about it at once, not after its minute
        Throwable e = assertThrows(Exception.class, () -> stuck.get(10, TimeUnit.SECONDS)).getCause();
        assertTrue(e instanceof CoordinatorConnectionLostException, String.valueOf(e));
        String prefix = "crjob-coordinator-" + server.port + "-";
        await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith(prefix) && t.isAlive()));
    }

    private static void assertBadRequest(Reply reply, String mentions) {
        assertFalse(reply.ok());
        assertEquals(ErrorCode.BAD_REQUEST, reply.code(), reply.error());
        assertTrue(reply.error().contains(mentions), reply.error());
    }

    private static void block(CountDownLatch latch) {
        try {
            if (!latch.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the test did not release this handler within a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
