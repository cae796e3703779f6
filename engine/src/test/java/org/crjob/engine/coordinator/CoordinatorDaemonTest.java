package org.crjob.engine.coordinator;

import static org.awaitility.Awaitility.await;
import static org.crjob.engine.coordinator.DaemonFixture.PATIENCE;
import static org.crjob.engine.coordinator.DaemonFixture.awaitGone;
import static org.crjob.engine.coordinator.DaemonFixture.call;
import static org.crjob.engine.coordinator.DaemonFixture.paths;
import static org.crjob.engine.coordinator.DaemonFixture.running;
import static org.crjob.engine.coordinator.DaemonFixture.seconds;
import static org.crjob.engine.coordinator.DaemonFixture.stat;
import static org.crjob.engine.coordinator.DaemonFixture.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.engine.jobfiles.StateFile;
import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.engine.protocol.CoordinatorReplyException;
import org.crjob.posix.Posix;
import org.crjob.posix.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator as the real detached process {@link CoordinatorStarter} spawns: ready when start returns,
 * detached, private, deaf to anyone without the token, periodic checkpoints, heartbeat, events, and an end
 * that follows the application or {@code quit}. Faults are in {@link CoordinatorDaemonFaultsTest}.
 */
class CoordinatorDaemonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    @RegisterExtension
    final DaemonFixture daemons = new DaemonFixture(() -> dir);

    private CoordinatorConfig config(String job, Duration interval, boolean exitWithApp) {
        return DaemonFixture.config(job, dir, dir.resolve("ckpt-" + job), interval, exitWithApp);
    }

    private Process count(CoordinatorInfo info, int to) {
        return daemons.launch(info, Signal.USR1, Duration.ofSeconds(30), dir.resolve("count.ckpt"),
                CountingApp.env(dir, to, "0.05"), CountingApp.command());
    }

    @Test
    void readyMeansReadyPrivateAndDetached() throws Exception {
        CoordinatorInfo info = daemons.start(config("t1", Duration.ZERO, false));

        // no waiting: once start returns, the daemon answers
        JsonNode status = status(info);
        assertEquals("t1", status.get("jobId").asText());
        assertEquals(info.pid(), status.get("coordinatorPid").asInt());
        assertEquals("signal", status.get("engine").asText());
        assertTrue(status.get("pid").isNull(), "nothing launched yet: " + status);

        JobPaths paths = paths(info);
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(paths.stateFile()));
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(paths.stateDir()));
        CoordinatorInfo onDisk = StateFile.read(paths.stateFile());
        assertEquals(info.pid(), onDisk.pid());
        assertEquals(info.port(), onDisk.port());
        assertEquals(info.token(), onDisk.token());

        String[] daemon = stat(info.pid());
        String[] ours = stat(Posix.getpid());
        assertEquals(Integer.toString(info.pid()), daemon[3], "the daemon leads a session of its own");
        assertEquals(daemon[3], daemon[2], "and a process group of its own");
        assertNotEquals(ours[3], daemon[3], "not the session of the JVM that started it");
        Path fds = Path.of("/proc", Integer.toString(info.pid()), "fd");
        assertEquals(Path.of("/dev/null"), Files.readSymbolicLink(fds.resolve("0")), "stdin");
        Path log = paths.logFile().toRealPath();
        assertEquals(log, Files.readSymbolicLink(fds.resolve("1")), "stdout goes to its log");
        assertEquals(log, Files.readSymbolicLink(fds.resolve("2")), "stderr goes to its log");

        call(info, "quit");
        awaitGone(info.pid());
        assertFalse(Files.exists(paths.stateFile()), "a clean exit removes the state file");
        assertFalse(DaemonFixture.read(paths.logFile()).contains(info.token()), "the token never reaches the log");
    }

    @Test
    void survivesTheDeathOfTheProcessThatStartedItAndOfThatProcessGroup() throws Exception {
        // the orphaned daemon is re-parented to us instead of init, so this JVM can reap it at the end
        Posix.setChildSubreaper(true);
        Process starter = daemons.java(List.of(DaemonFixture.pathOf("setsid")), DaemonTestStarter.class,
                List.of(dir.toString(), "t1", dir.resolve("ckpt").toString()), Map.of());
        Path stateFile = new JobPaths(dir, "t1").stateFile();
        CoordinatorInfo info = await().atMost(PATIENCE).until(
                () -> Files.exists(stateFile) && DaemonFixture.read(daemons.log(starter)).contains("started ")
                        ? StateFile.read(stateFile) : null,
                i -> i != null);
        daemons.trackDaemon(info.pid());
        assertTrue(DaemonFixture.read(daemons.log(starter)).contains("started " + info.pid()));
        int starterPid = Integer.parseInt(stat(info.pid())[1]);
        String starterGroup = stat(starterPid)[2];
        assertNotEquals(stat(Posix.getpid())[2], starterGroup, "the starter has a group of its own to kill");
        assertNotEquals(starterGroup, stat(info.pid())[2], "the daemon left the starter's group");

        // a hangup to the starter's whole group (its terminal closing), then KILL to all of it
        Posix.killProcessGroup(Integer.parseInt(starterGroup), Signal.HUP);
        Posix.killProcessGroup(Integer.parseInt(starterGroup), Signal.KILL);
        assertTrue(starter.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        await().atMost(PATIENCE).until(() -> !running(starterPid));

        assertTrue(running(info.pid()), "the daemon outlives its starter");
        assertNotEquals(Integer.toString(starterPid), stat(info.pid())[1], "re-parented");
        assertEquals("t1", status(info).get("jobId").asText());
        call(info, "quit");
        awaitGone(info.pid());
        assertFalse(Files.exists(stateFile));
    }

    @Test
    void noTokenWrongTokenAndGarbageAreRefusedAndTheDaemonStaysHealthy() throws Exception {
        CoordinatorInfo info = daemons.start(config("t1", Duration.ZERO, false));
        String token = info.token();
        String wrong = (token.charAt(0) == 'a' ? "b" : "a") + token.substring(1);

        assertEquals("unauthorized", code(raw(info, "{\"command\":\"status\"}")));
        assertEquals("unauthorized", code(raw(info, "{\"token\":\"" + wrong + "\",\"command\":\"quit\"}")));
        assertEquals("unauthorized", code(raw(info, "{\"token\":\"" + wrong + "\",\"command\":\"kill\"}")));
        assertEquals("unauthorized", code(raw(info, "{\"token\":42,\"command\":\"kill\"}")));
        assertEquals("unauthorized", code(raw(info, "{\"token\":\"\",\"command\":\"quit\"}")));
        assertEquals("bad-request", code(raw(info, "hello coordinator")));
        assertEquals("bad-request", code(raw(info, "[\"quit\"]")));
        assertEquals("bad-request", code(raw(info, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 7, '\n'})));
        assertEquals("bad-request", code(raw(info, "{\"token\":\"" + token + "\",\"command\":\"status\",\"args\":[1]}")));
        assertEquals("unknown-command", code(raw(info, "{\"token\":\"" + token + "\",\"command\":\"rm -rf /\"}")));
        assertEquals("invalid", code(raw(info, "{\"token\":\"" + token + "\",\"command\":\"interval\","
                + "\"args\":{\"seconds\":\"soon\"}}")));
        assertEquals("bad-request", code(raw(info, "{" + "\"x\":1,".repeat(12_000) + "\"command\":\"quit\"}")));
        // half a request and then nothing; a connection that says nothing at all
        try (Socket half = connect(info)) {
            half.getOutputStream().write("{\"token\":\"".getBytes(StandardCharsets.UTF_8));
        }
        connect(info).close();

        JsonNode status = status(info);
        assertEquals(info.pid(), status.get("coordinatorPid").asInt());
        assertTrue(running(info.pid()));
        assertTrue(Files.exists(paths(info).stateFile()));
        String log = DaemonFixture.read(paths(info).logFile());
        // the first refusal as it happens; the others are counted into one line a minute (ControlPortFloodTest)
        assertTrue(log.contains("refused command \"status\"") && log.contains("no token"), log);
        assertFalse(log.contains("refused command \"quit\""), log);
        assertFalse(log.contains(token), "the token never reaches the log");
    }

    @Test
    void theHeartbeatInTheStateFileAdvancesAndTheFileStaysPrivate() throws Exception {
        CoordinatorInfo info = daemons.start(config("t1", Duration.ZERO, false));
        Path stateFile = paths(info).stateFile();
        Instant first = info.heartbeat();

        CoordinatorInfo renewed = await().atMost(Duration.ofSeconds(CoordinatorHost.HEARTBEAT_SECONDS * 4))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> StateFile.read(stateFile), i -> i.heartbeat().isAfter(first));

        assertTrue(Duration.between(first, renewed.heartbeat()).toMillis() >= CoordinatorHost.HEARTBEAT_SECONDS * 900,
                "one heartbeat period later: " + first + " -> " + renewed.heartbeat());
        assertEquals(info.token(), renewed.token());
        assertEquals(info.port(), renewed.port());
        assertEquals(info.pid(), renewed.pid());
        assertEquals(info.startedAt(), renewed.startedAt());
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(stateFile));
        assertEquals(List.of("coordinator.json", "coordinator.log", "daemon-start.json", "events.jsonl"),
                names(paths(info).stateDir()), "no temporary file of the rewrite is left");
    }

    @Test
    void withExitWithAppTheDaemonEndsWithTheApplicationAndRemovesItsStateFile() throws Exception {
        CoordinatorInfo info = daemons.start(config("t1", Duration.ZERO, true));

        Process launcher = count(info, 5);

        assertTrue(launcher.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), DaemonFixture.read(daemons.log(launcher)));
        assertEquals(0, launcher.exitValue(), DaemonFixture.read(daemons.log(launcher)));
        awaitGone(info.pid());
        assertFalse(Files.exists(paths(info).stateFile()));
        assertEquals(CountingApp.oneTo(5), CountingApp.numbers(dir.resolve("count.txt")));
        List<JsonNode> events = events(info);
        assertEquals(List.of("coordinator-start", "launch", "exit", "coordinator-stop"), names(events));
        assertEquals(0, events.get(2).get("status").asInt());
        assertTrue(events.get(3).get("why").asText().contains("exited with status 0"), events.get(3).toString());
    }

    @Test
    void withoutExitWithAppTheDaemonOutlivesTheApplicationUntilQuit() throws Exception {
        CoordinatorInfo info = daemons.start(config("t1", Duration.ZERO, false));

        Process launcher = count(info, 5);

        assertTrue(launcher.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), DaemonFixture.read(daemons.log(launcher)));
        assertEquals(0, launcher.exitValue());
        JsonNode status = status(info);
        assertFalse(status.get("running").asBoolean(), status.toString());
        assertEquals(0, status.get("exitStatus").asInt(), status.toString());
        assertTrue(running(info.pid()));
        assertTrue(Files.exists(paths(info).stateFile()));
        assertEquals(List.of("coordinator-start", "launch", "exit"), names(events(info)));

        JsonNode quit = call(info, "quit");

        assertNotNull(quit);
        awaitGone(info.pid());
        assertFalse(Files.exists(paths(info).stateFile()));
        List<JsonNode> events = events(info);
        assertEquals(List.of("coordinator-start", "launch", "exit", "coordinator-stop"), names(events));
        assertEquals("asked to quit", events.get(3).get("why").asText());
    }

    @Test
    void periodicCheckpointsFollowTheIntervalTheIntervalCommandChangesItAndEveryEventIsOneJsonLine()
            throws Exception {
        CoordinatorInfo info = daemons.start(config("t1", Duration.ofSeconds(1), false));
        assertEquals(1, status(info).get("intervalSeconds").asInt());
        count(info, 1_000_000);
        int app = daemons.awaitApp(info);

        await().atMost(PATIENCE).until(() -> status(info).get("checkpointsTaken").asInt() >= 2);
        assertEquals("interval", status(info).get("lastCheckpoint").get("reason").asText());

        JsonNode off = call(info, "interval", seconds(0));
        assertEquals(0, off.get("intervalSeconds").asInt());
        assertTrue(off.get("nextCheckpoint").isNull(), off.toString());
        // waits for any periodic checkpoint under way, so nothing scheduled earlier is still to come
        JsonNode taken = call(info, "checkpoint");
        assertTrue(taken.get("bytes").asLong() > 0, taken.toString());
        assertEquals("request", taken.get("reason").asText());
        int count = status(info).get("checkpointsTaken").asInt();
        assertEquals(taken.get("generation").asInt(), count, "every checkpoint made a generation, in order");
        // at most one straggler: a periodic run that had fired but not yet begun when the interval changed
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(10))
                .until(() -> status(info).get("checkpointsTaken").asInt() <= count + 1);

        CoordinatorReplyException negative = assertThrows(CoordinatorReplyException.class,
                () -> call(info, "interval", seconds(-5)));
        assertEquals("invalid", negative.code());
        JsonNode on = call(info, "interval", seconds(1));
        assertEquals(1, on.get("intervalSeconds").asInt());
        assertFalse(on.get("nextCheckpoint").isNull(), on.toString());
        await().atMost(PATIENCE).until(() -> status(info).get("checkpointsTaken").asInt() >= count + 2);

        // no checkpoint under way when quit comes: this one waits for a periodic one still running
        call(info, "interval", seconds(0));
        call(info, "checkpoint");
        int total = status(info).get("checkpointsTaken").asInt();
        call(info, "quit");
        awaitGone(info.pid());
        assertFalse(running(app), "quit ended the application");

        List<JsonNode> events = events(info);
        List<String> names = names(events);
        for (String expected : List.of("coordinator-start", "launch", "checkpoint-start", "checkpoint", "signal",
                "exit", "coordinator-stop")) {
            assertTrue(names.contains(expected), expected + " in " + names);
        }
        assertEquals("coordinator-start", names.get(0));
        assertEquals("coordinator-stop", names.get(names.size() - 1));
        List<JsonNode> checkpoints = events.stream().filter(e -> e.get("event").asText().equals("checkpoint")).toList();
        assertTrue(checkpoints.size() >= total, names.toString());
        // one that quit interrupted ends as checkpoint-failed; none is left without an outcome
        assertEquals(names.stream().filter("checkpoint-start"::equals).count(),
                checkpoints.size() + names.stream().filter("checkpoint-failed"::equals).count(), names.toString());
        for (int i = 0; i < checkpoints.size(); i++) {
            JsonNode c = checkpoints.get(i);
            assertEquals(i + 1, c.get("generation").asInt(), c.toString());
            assertTrue(c.get("bytes").asLong() > 0 && c.get("seconds").isNumber() && c.hasNonNull("reason"),
                    c.toString());
        }
        assertTrue(checkpoints.stream().filter(c -> c.get("reason").asText().equals("interval")).count() >= 4);
        JsonNode exit = events.stream().filter(e -> e.get("event").asText().equals("exit")).findFirst().orElseThrow();
        assertEquals(app, exit.get("pid").asInt());
        assertEquals(143, exit.get("status").asInt(), "quit's TERM ended it");
    }

    /** Each line of events.jsonl, parsed: a JSON object with an ISO time and an event name. */
    private static List<JsonNode> events(CoordinatorInfo info) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        String text = Files.readString(paths(info).eventsFile());
        assertTrue(text.endsWith("\n"), "every event is a whole line");
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            JsonNode event = JSON.readTree(line);
            assertTrue(event.isObject(), line);
            Instant.parse(event.get("time").asText());
            assertFalse(event.get("event").asText().isBlank(), line);
            events.add(event);
        }
        return events;
    }

    private static List<String> names(List<JsonNode> events) {
        return events.stream().map(e -> e.get("event").asText()).toList();
    }

    private static List<String> names(Path directory) throws IOException {
        try (var entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Socket connect(CoordinatorInfo info) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(info.host(), info.port()), 10_000);
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static String raw(CoordinatorInfo info, String line) throws IOException {
        return raw(info, (line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Sends bytes as they are and returns the one reply line (null when the daemon closed without one). */
    private static String raw(CoordinatorInfo info, byte[] bytes) throws IOException {
        try (Socket socket = connect(info)) {
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    private static String code(String reply) throws IOException {
        assertNotNull(reply, "the daemon answers garbage with an error reply");
        JsonNode node = JSON.readTree(reply);
        assertFalse(node.get("ok").asBoolean(), reply);
        assertFalse(node.get("error").asText().isBlank(), reply);
        return node.get("code").asText();
    }
}
