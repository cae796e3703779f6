package org.crjob.process;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.crjob.posix.Posix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecCommandRunnerTest {

    private final CommandRunner runner = new ExecCommandRunner();

    @Test
    void argumentsReachTheProgramUnchangedWithNoShellInBetween() {
        String tricky = "a b $(touch /tmp/crjob-pwned) `id` \"q\" 'x'; rm -rf /";
        CommandResult result = runner.runChecked(Command.of("printf", "%s|", tricky, ""));
        assertEquals(tricky + "||", result.stdout());
    }

    @Test
    void nonZeroExitIsAResultNotAnException() {
        CommandResult result = runner.run(Command.of("bash", "-c", "echo oops >&2; exit 3"));
        assertEquals(3, result.exitCode());
        assertEquals("oops\n", result.stderr());
    }

    @Test
    void runCheckedFailureNamesTheCommandItsExitCodeAndStderr() {
        CommandFailedException e = assertThrows(CommandFailedException.class,
                () -> runner.runChecked(Command.of("bash", "-c", "echo 'Invalid job id specified' >&2; exit 1")));
        assertTrue(e.getMessage().contains("bash -c 'echo"), e.getMessage());
        assertTrue(e.getMessage().contains("exited with 1"), e.getMessage());
        assertTrue(e.getMessage().endsWith("Invalid job id specified"), e.getMessage());
        assertEquals("Invalid job id specified", e.stderr());
    }

    @Test
    void aCommandPastItsTimeoutIsKilledAndSaysSo() {
        Command sleeper = Command.of("bash", "-c", "echo started >&2; exec sleep 60").withTimeout(Duration.ofSeconds(1));
        CommandTimedOutException e = assertThrows(CommandTimedOutException.class, () -> runner.run(sleeper));
        assertTrue(e.getMessage().contains("did not finish within 1 s"), e.getMessage());
        assertEquals("started", e.stderr());
    }

    @Test
    void aTimedOutCommandTakesItsGrandchildrenWithItAndReturnsAtItsTimeout(@TempDir Path dir) {
        Path grandchild = dir.resolve("grandchild");
        // the grandchild keeps stdout open and outlives the 1 s timeout by far; bash waits for it
        Command command = Command.of("bash", "-c", "sleep 300 & echo $! > \"$G\"; wait")
                .withEnv(Map.of("G", grandchild.toString())).withTimeout(Duration.ofSeconds(1));
        long started = System.nanoTime();

        assertThrows(CommandTimedOutException.class, () -> runner.run(command));

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.toSeconds() < 10, "returned only after " + took);
        long pid = Long.parseLong(read(grandchild));
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void aCommandRunsInOurSessionWhereTheApplicationsCleanUpLeavesItAlone() {
        // AppLauncher ends every child of ours in another session: the application's orphans, never a command
        CommandResult result = runner.runChecked(Command.of("bash", "-c", "ps -o sid= -p $$"));
        assertEquals(Posix.getsid(0), Integer.parseInt(result.stdout().strip()));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aBackgroundChildHoldingTheOutputOpenDoesNotBlockTheCaller() {
        CommandResult result = runner.run(Command.of("bash", "-c", "sleep 30 & echo answered")
                .withTimeout(Duration.ofSeconds(20)));
        assertEquals(0, result.exitCode());
        assertEquals("answered\n", result.stdout());
        assertTrue(result.elapsed().toSeconds() < 20, "waited for the background child: " + result.elapsed());
    }

    @Test
    void aMissingProgramIsReportedAsNotStarted() {
        CommandNotStartedException e = assertThrows(CommandNotStartedException.class,
                () -> runner.run(Command.of("crjob-no-such-program-xyz", "--help")));
        assertTrue(e.getMessage().contains("crjob-no-such-program-xyz"), e.getMessage());
        assertTrue(e.getMessage().contains("PATH"), e.getMessage());
    }

    @Test
    void extraEnvironmentReachesTheChildAlongsideOurs(@TempDir Path dir) {
        CommandResult result = runner.runChecked(Command.of("bash", "-c", "echo \"$CRJOB_TEST_VALUE:$PATH\"")
                .withEnv(Map.of("CRJOB_TEST_VALUE", "42")));
        assertTrue(result.stdout().startsWith("42:/"), result.stdout());
    }

    @Test
    void theCommandRunsInItsWorkingDirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("here.txt"), "yes");
        CommandResult result = runner.runChecked(Command.of("cat", "here.txt").inDirectory(dir));
        assertEquals("yes", result.stdout());
    }

    @Test
    void stdinIsClosedSoACommandThatReadsItDoesNotHang() {
        CommandResult result = runner.runChecked(Command.of("cat").withTimeout(Duration.ofSeconds(20)));
        assertEquals("", result.stdout());
    }

    @Test
    void displayQuotesArgumentsSoTheLineCanBePastedIntoAShell() {
        assertEquals("scontrol update 'Comment=a b' 'it'\\''s'",
                Command.of("scontrol", "update", "Comment=a b", "it's").display());
    }
}
