package org.crjob.posix;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PosixKillTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private Process child;
    private int group;

    @AfterEach
    void stopChildren() throws InterruptedException {
        if (group > 1) {
            try {
                Posix.killProcessGroup(group, Signal.KILL);
            } catch (PosixException alreadyGone) {
                // ESRCH: the test already ended the group
            }
        }
        if (child != null) {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void killWithUsr1ReachesAChildThatTrapsIt(@TempDir Path dir) throws IOException {
        Path ready = dir.resolve("ready");
        Path marker = dir.resolve("marker");
        child = bash(dir, "trap 'echo got >> \"$F\"; exit 0' USR1; echo ready > \"$R\"; while :; do sleep 0.1; done",
                "R", ready, "F", marker);
        await().atMost(PATIENCE).until(() -> Files.exists(ready));

        Posix.kill((int) child.pid(), Signal.USR1);

        await().atMost(PATIENCE).until(() -> Files.exists(marker) && read(marker).equals("got\n"));
        await().atMost(PATIENCE).until(() -> !child.isAlive());
        assertEquals(0, child.exitValue());
    }

    @Test
    void killProcessGroupReachesEveryMember(@TempDir Path dir) throws IOException {
        Path leaderFile = dir.resolve("leader");
        Path grandchildFile = dir.resolve("grandchild");
        // setsid gives bash a group of its own (pgid == its pid), which its sleep inherits.
        child = start(dir, List.of("setsid", "bash", "-c",
                "sleep 300 & echo $! > \"$G\"; echo $$ > \"$L.tmp\"; mv \"$L.tmp\" \"$L\"; wait"),
                "G", grandchildFile, "L", leaderFile);
        await().atMost(PATIENCE).until(() -> Files.exists(leaderFile) && Files.exists(grandchildFile));
        int leader = Integer.parseInt(read(leaderFile).strip());
        group = leader;
        int grandchild = Integer.parseInt(read(grandchildFile).strip());
        assertEquals(leader, Posix.getpgid(leader));
        assertEquals(leader, Posix.getpgid(grandchild));
        assertTrue(leader != Posix.getpgrp(), "the group must not be ours, or we would signal ourselves");

        Posix.killProcessGroup(leader, Signal.TERM);

        await().atMost(PATIENCE).until(() -> hasExited(leader) && hasExited(grandchild));
    }

    @Test
    void aGroupIsAliveWhileAMemberOutlivesItsLeader(@TempDir Path dir) throws IOException, InterruptedException {
        Path grandchildFile = dir.resolve("grandchild");
        // the leader starts a sleep in its group and exits at once
        Process leader = start(dir, List.of("setsid", "bash", "-c", "sleep 300 & echo $! > \"$G\""),
                "G", grandchildFile);
        int pgid = (int) leader.pid();
        assertTrue(leader.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the group's leader did not exit");
        await().atMost(PATIENCE).until(() -> Files.exists(grandchildFile) && !read(grandchildFile).isBlank());
        group = pgid;

        assertTrue(Posix.isGroupAlive(pgid), "the sleep keeps group " + pgid + " alive after its leader exited");
    }

    @Test
    void anAdoptedOrphanIsReapedSoItStopsCountingAsAlive(@TempDir Path dir) throws IOException, InterruptedException {
        Path orphanFile = dir.resolve("orphan");
        Posix.setChildSubreaper(true);
        try {
            // bash starts a short sleep and exits: the sleep is re-parented to us, then exits a zombie
            Process parent = start(dir, List.of("bash", "-c", "sleep 0.2 & echo $! > \"$O\""), "O", orphanFile);
            assertTrue(parent.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the orphan's parent did not exit");
            await().atMost(PATIENCE).until(() -> Files.exists(orphanFile) && !read(orphanFile).isBlank());
            int orphan = Integer.parseInt(read(orphanFile).strip());

            await().atMost(PATIENCE).until(() -> Posix.reapIfZombie(orphan));

            assertFalse(Posix.isAlive(orphan), "a reaped zombie is gone");
            assertFalse(Posix.reapIfZombie(orphan), "nothing left to reap");
        } finally {
            Posix.setChildSubreaper(false);
        }
    }

    @Test
    void aZombieIsNotAlive(@TempDir Path dir) throws IOException {
        Path orphanFile = dir.resolve("orphan");
        Posix.setChildSubreaper(true);
        try {
            Process parent = start(dir, List.of("bash", "-c", "sleep 0.2 & echo $! > \"$O\""), "O", orphanFile);
            await().atMost(PATIENCE).until(() -> Files.exists(orphanFile) && !read(orphanFile).isBlank());
            int orphan = Integer.parseInt(read(orphanFile).strip());
            await().atMost(PATIENCE).until(() -> !parent.isAlive());

            // the orphan exits and, adopted by us and not reaped, stays a zombie: exists, yet not alive
            await().atMost(PATIENCE).until(() -> !Posix.isAlive(orphan));
            assertTrue(Posix.reapIfZombie(orphan), "it was a zombie all along, not gone");
        } finally {
            Posix.setChildSubreaper(false);
        }
    }

    @Test
    void aRunningChildIsNotReaped(@TempDir Path dir) throws IOException {
        Process running = start(dir, List.of("sleep", "300"));
        try {
            assertFalse(Posix.reapIfZombie((int) running.pid()));
            assertTrue(running.isAlive());
        } finally {
            running.destroyForcibly();
        }
    }

    @Test
    void aGroupWithNobodyLeftIsNotAlive(@TempDir Path dir) throws IOException, InterruptedException {
        Process lone = start(dir, List.of("setsid", "true"));
        assertTrue(lone.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "setsid true did not exit");

        assertFalse(Posix.isGroupAlive((int) lone.pid()));
    }

    @Test
    void killOfMissingPidNamesTheCallAndErrno() {
        // Above any pid_max, so certainly no such process.
        int missing = Integer.MAX_VALUE;
        PosixException e = assertThrows(PosixException.class, () -> Posix.kill(missing, Signal.USR1));

        assertEquals("kill(" + missing + ", USR1) failed: ESRCH (No such process)", e.getMessage());
        assertEquals("kill", e.call());
        assertEquals(List.of(String.valueOf(missing), "USR1"), e.arguments());
        assertEquals(3, e.errno());
        assertEquals("ESRCH", e.errnoName());
        assertEquals("No such process", e.description());
    }

    @Test
    void killProcessGroupOfMissingGroupShowsTheNegatedPgid() {
        PosixException e = assertThrows(PosixException.class,
                () -> Posix.killProcessGroup(Integer.MAX_VALUE, Signal.TERM));
        assertEquals("kill(-" + Integer.MAX_VALUE + ", TERM) failed: ESRCH (No such process)", e.getMessage());
    }

    @Test
    void killRefusesPidsThatWouldSignalAGroupOrEverything() {
        assertThrows(IllegalArgumentException.class, () -> Posix.kill(0, Signal.TERM));
        assertThrows(IllegalArgumentException.class, () -> Posix.kill(-1, Signal.TERM));
        assertThrows(IllegalArgumentException.class, () -> Posix.killProcessGroup(1, Signal.TERM));
        assertThrows(IllegalArgumentException.class, () -> Posix.killProcessGroup(0, Signal.TERM));
        assertThrows(IllegalArgumentException.class, () -> Posix.isAlive(0));
    }

    @Test
    void isAliveTrueForRunningChild(@TempDir Path dir) throws IOException {
        child = bash(dir, "exec sleep 300");
        assertTrue(Posix.isAlive((int) child.pid()));
    }

    @Test
    void isAliveFalseForExitedProcess(@TempDir Path dir) throws IOException, InterruptedException {
        child = bash(dir, "exit 3");
        assertTrue(child.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "bash did not exit");
        assertEquals(3, child.exitValue()); // waitFor reaped it, so not even a zombie is left
        assertFalse(Posix.isAlive((int) child.pid()));
    }

    @Test
    void isAliveTrueForInitWhetherOrNotWeMaySignalIt() {
        assertTrue(Posix.isAlive(1));
    }

    private static Process bash(Path dir, String script, Object... env) throws IOException {
        return start(dir, List.of("bash", "-c", script), env);
    }

    /** Starts {@code command} in {@code dir} with extra environment variables given as name, value pairs. */
    private static Process start(Path dir, List<String> command, Object... env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile());
        for (int i = 0; i < env.length; i += 2) {
            pb.environment().put((String) env[i], env[i + 1].toString());
        }
        return pb.start();
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /**
     * Gone, or a zombie: an orphan is reparented to init, which may be slow to reap it (or, in a
     * container, never), and kill(pid, 0) still finds a zombie.
     */
    private static boolean hasExited(int pid) throws IOException {
        if (!Posix.isAlive(pid)) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // pid (comm) STATE ...: comm may contain spaces, so look after the last ')'.
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (NoSuchFileException e) {
            return true;
        }
    }
}
