package org.crjob.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PosixIdentityTest {

    @Test
    void getpidMatchesProcessHandle() {
        assertEquals(ProcessHandle.current().pid(), Posix.getpid());
    }

    @Test
    void getppidMatchesProcessHandleParent() {
        assertEquals(ProcessHandle.current().parent().orElseThrow().pid(), Posix.getppid());
    }

    @Test
    void getuidMatchesIdU() throws IOException, InterruptedException {
        assertEquals(List.of(String.valueOf(Posix.getuid())), run("id", "-u"));
    }

    @Test
    void getpgidOfZeroAndOfOurPidIsOurGroup() {
        assertEquals(Posix.getpgrp(), Posix.getpgid(0));
        assertEquals(Posix.getpgrp(), Posix.getpgid(Posix.getpid()));
    }

    @Test
    void getpgidOfMissingPidFailsWithEsrch() {
        PosixException e = assertThrows(PosixException.class,
                () -> Posix.getpgid(Integer.MAX_VALUE));
        assertEquals("getpgid(" + Integer.MAX_VALUE + ") failed: ESRCH (No such process)", e.getMessage());
    }

    /**
     * setsid changes the session of the whole process, so it runs in a JVM of its own rather than
     * in the shared test JVM. The child is not a group leader, so the first call succeeds; the
     * second fails because by then it leads a group.
     */
    @Test
    void setsidMakesTheCallerLeaderOfANewSessionAndGroupAndFailsTheSecondTime()
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> out = run(java, "-cp", System.getProperty("java.class.path"), SetsidProbe.class.getName());

        String pid = out.get(0);
        assertEquals(List.of(pid, "setsid=" + pid, "pgrp=" + pid,
                "second: setsid() failed: EPERM (Operation not permitted)"), out);
    }

    private static List<String> run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the probe did not exit: " + out);
        assertEquals(0, p.exitValue(), out);
        return out.lines().toList();
    }
}
