package org.crjob.process;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.crjob.concurrent.Poll;
import org.crjob.posix.Posix;
import org.crjob.posix.PosixException;
import org.crjob.posix.Signal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Duration GRACE = Duration.ofSeconds(1);
    private static final Poll POLL = Poll.every(Duration.ofMillis(20));
    private static final String IGNORES_TERM = "trap '' TERM; echo ready > \"$R\"; while :; do sleep 0.1; done";
    private static final String EXITS_ON_TERM = "trap 'echo term > \"$T\"; exit 0' TERM; echo ready > \"$R\"; "
            + "while :; do sleep 0.1; done";

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process process : started) {
            try {
                Posix.killProcessGroup((int) process.pid(), Signal.KILL);
            } catch (PosixException | IllegalArgumentException alreadyGone) {
                // the test ended it
            }
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aProcessThatIgnoresTermEndsByKillAfterTheGrace(@TempDir Path dir) throws Exception {
        Process process = start(dir, IGNORES_TERM);
        long begun = System.nanoTime();

        ProcessEnd.Outcome outcome = ProcessEnd.end(ProcessEnd.process(process), Signal.TERM, GRACE, PATIENCE);

        assertEquals(ProcessEnd.Outcome.KILLED, outcome);
        assertFalse(process.isAlive());
        assertEquals(128 + Signal.KILL.number(), process.exitValue());
        assertTrue(System.nanoTime() - begun >= GRACE.toNanos(), "KILLed before the grace was over");
    }

    @Test
    void aProcessThatExitsOnTermIsNotKilled(@TempDir Path dir) throws Exception {
        Process process = start(dir, EXITS_ON_TERM);

        ProcessEnd.Outcome outcome = ProcessEnd.end(ProcessEnd.pid((int) process.pid(), POLL), Signal.TERM,
                PATIENCE, PATIENCE);

        assertEquals(ProcessEnd.Outcome.ENDED, outcome);
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue());
        assertTrue(Files.exists(dir.resolve("term")), "the process never saw the TERM");
    }

    @Test
    void aGroupMemberThatIgnoresTermEndsByKillWithItsGroup(@TempDir Path dir) throws Exception {
        Process leader = start(dir, "(" + IGNORES_TERM + ") & echo $! > \"$C\"; wait");
        await().atMost(PATIENCE).until(() -> Files.exists(dir.resolve("child")));
        int child = Integer.parseInt(Files.readString(dir.resolve("child")).strip());
        assertEquals(leader.pid(), Posix.getpgid(child));

        ProcessEnd.Outcome outcome = ProcessEnd.end(ProcessEnd.group((int) leader.pid(), POLL), Signal.TERM,
                GRACE, PATIENCE);

        assertEquals(ProcessEnd.Outcome.KILLED, outcome);
        assertFalse(Posix.isGroupAlive((int) leader.pid()));
    }

    @Test
    void aTreeMemberWhoseParentEndedOnTermIsStillKilledAfterTheGrace(@TempDir Path dir) throws Exception {
        // bash ends on the TERM; its child, which ignores it, is re-parented out of the tree, and must not escape
        Process parent = start(dir, "(" + IGNORES_TERM + ") & echo $! > \"$C\"; wait");
        await().atMost(PATIENCE).until(() -> Files.exists(dir.resolve("child")));
        long child = Long.parseLong(Files.readString(dir.resolve("child")).strip());

        ProcessEnd.Outcome outcome = ProcessEnd.end(ProcessEnd.tree(parent.toHandle(), POLL), Signal.TERM, GRACE,
                PATIENCE);

        assertEquals(ProcessEnd.Outcome.KILLED, outcome);
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the child outlived its end");
    }

    @Test
    void aProcessAlreadyGoneIsNotSignalled(@TempDir Path dir) throws Exception {
        Process process = start(dir, "exit 0");
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));

        assertEquals(ProcessEnd.Outcome.ALREADY_GONE,
                ProcessEnd.end(ProcessEnd.process(process), Signal.TERM, GRACE, PATIENCE));
    }

    /** {@code script} in bash, in a process group of its own (setsid), once it has said it is ready. */
    private Process start(Path dir, String script) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("setsid", "bash", "-c", script).directory(dir.toFile());
        builder.environment().putAll(Map.of("R", dir.resolve("ready").toString(),
                "T", dir.resolve("term").toString(), "C", dir.resolve("child").toString()));
        Process process = builder.redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile()).start();
        started.add(process);
        if (script.contains("$R")) {
            await().atMost(PATIENCE).until(() -> Files.exists(dir.resolve("ready")));
        }
        return process;
    }
}
