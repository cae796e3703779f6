package org.crjob.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.crjob.neighbour.SecondUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, item 11: {@code scripts/local-slurm up}, run as root, reused a {@code CRJOB_SLURM_HOME} another user
 * had made, with the munge key in it. It refuses one that is not root's own or that others may write, before it
 * starts anything.
 */
@EndToEnd
class LocalSlurmHomeE2ETest {

    private static final Path SCRIPT = Crjob.REPO.resolve("scripts/local-slurm");

    /** Under /tmp, where the attack happens; short, as munged's socket path must be. */
    private final Path home = Path.of("/tmp/crjob-slurm-h18-" + ProcessHandle.current().pid());

    @AfterEach
    void tearDown() throws Exception {
        // only today's code would have started a cluster there
        localSlurm("down");
        new ProcessBuilder("rm", "-rf", home.toString()).start().waitFor(60, TimeUnit.SECONDS);
    }

    @Test
    void aSlurmHomeAnotherUserMadeWithItsMungeKeyIsRefused() throws Exception {
        SecondUser mallory = SecondUser.mallory();
        SecondUser.Result planted = mallory.sh("mkdir -m 777 -p '" + home + "/munge' && head -c 1024 /dev/urandom"
                + " > '" + home + "/munge/munge.key' && chmod 600 '" + home + "/munge/munge.key'");
        assertEquals(0, planted.status(), planted.output());

        Result up = localSlurm("up");

        assertNotEquals(0, up.status(), up.output());
        assertTrue(up.output().contains(home + " belongs to uid " + mallory.uid()), up.output());
        assertEquals(List.of(), daemonsStarted());
    }

    @Test
    void aSlurmHomeOthersMayWriteIsRefused() throws Exception {
        Files.createDirectories(home);
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));

        Result up = localSlurm("up");

        assertNotEquals(0, up.status(), up.output());
        assertTrue(up.output().contains(home + " has mode 777"), up.output());
        assertEquals(List.of(), daemonsStarted());
    }

    private List<Path> daemonsStarted() throws IOException {
        Path run = home.resolve("run");
        if (!Files.isDirectory(run)) {
            return List.of();
        }
        try (var files = Files.list(run)) {
            return files.filter(f -> f.toString().endsWith(".pid")).toList();
        }
    }

    private record Result(int status, String output) {
    }

    private Result localSlurm(String command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString(), command).redirectErrorStream(true);
        builder.environment().putAll(Map.of("CRJOB_SLURM_HOME", home.toString(), "CRJOB_SLURM_NODES", "1",
                "CRJOB_SLURMCTLD_PORT", Integer.toString(freePort()), "CRJOB_SLURMD_PORT",
                Integer.toString(freePort())));
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "local-slurm " + command + " did not end");
        return new Result(process.exitValue(), output);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
