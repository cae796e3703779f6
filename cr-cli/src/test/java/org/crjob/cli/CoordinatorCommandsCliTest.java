package org.crjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands that need a coordinator, when there is none; and what start-coordinator writes. */
class CoordinatorCommandsCliTest {

    @Test
    void statusWithoutACoordinatorSaysWhereItLookedAndExitsThree() {
        CliRun run = CliRun.of("status", "--job", "local-nothing-here");

        assertEquals(ExitCode.UNEXPECTED_STATE, run.exitCode());
        assertTrue(run.err().startsWith("crjob: "), run.err());
        assertTrue(run.err().contains(".crjob/local-nothing-here/coordinator.json"), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void launchWithoutACoordinatorRunsNothing(@TempDir Path dir) {
        Path marker = dir.resolve("ran");

        CliRun run = CliRun.of("launch", "--", "touch", marker.toString());

        assertEquals(ExitCode.UNEXPECTED_STATE, run.exitCode());
        assertFalse(Files.exists(marker), "the application must not start without a coordinator to checkpoint it");
    }

    /**
     * Issue 15 part 6: the detached coordinator has none of crjob run's deadline (no checkpoint of its own before the
     * time limit, no requeue, no charge); its help said it checkpoints "before the time limit". It says what it does.
     */
    @Test
    void startCoordinatorsHelpSaysItTakesNoCheckpointOfItsOwnBeforeTheTimeLimit() {
        CliRun run = CliRun.of("start-coordinator", "--help");
        String help = run.out().replaceAll("\\s+", " ");

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertFalse(help.contains("on an interval, before the time limit"), help);
        assertTrue(help.contains("It does not watch the time limit: it takes no checkpoint of its own before it, does"
                + " not requeue the job and charges nothing to the budget in Comment (crjob run does all of that)."),
                help);
        assertTrue(help.contains("trap SIG and run crjob checkpoint"), help);
    }

    @Test
    void launchsHelpSaysItExits8WhenTheEngineEndedTheApplication() {
        CliRun run = CliRun.of("launch", "--help");

        assertTrue(run.out().replaceAll("\\s+", " ").contains("or 8 when the engine ended it"), run.out());
    }

    @Test
    void launchWithoutACommandIsBadUsage() {
        CliRun run = CliRun.of("launch");

        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().contains("CMD"), run.err());
    }

    @Test
    void anUnknownSignalNameIsBadUsageNamingIt() {
        CliRun run = CliRun.of("launch", "--signal", "USR9", "--", "true");

        assertEquals(ExitCode.USAGE, run.exitCode(), run.err());
        assertTrue(run.err().contains("'USR9'"), run.err());
    }

    @Test
    void aNegativeIntervalIsRefusedBeforeAnythingIsAsked() {
        CliRun run = CliRun.of("interval", "--", "-5");

        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().contains("-5"), run.err());
    }

    @Test
    void theCommandWrapperIsPrivateAndPassesTheJobAndArguments(@TempDir Path dir) throws Exception {
        Path wrapper = dir.resolve("crjob_command.123");

        CommandWrapper.write(wrapper, "123");

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(wrapper)));
        String script = Files.readString(wrapper);
        assertTrue(script.contains("\"$sub\" --job 123 \"$@\""), script);
    }

    @Test
    void theDmtcpCommandWrapperMapsDmtcpCommandsOptionsOntoCrjob(@TempDir Path dir) throws Exception {
        Path wrapper = dir.resolve("dmtcp_command.123");

        CommandWrapper.writeDmtcp(wrapper, "123", "/bin/echo");

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(wrapper)));
        assertEquals("checkpoint --job 123\n", wrapped(wrapper, "--checkpoint").out());
        assertEquals("checkpoint --job 123\n", wrapped(wrapper, "-c").out());
        assertEquals("checkpoint --job 123\n", wrapped(wrapper, "--bcheckpoint").out());
        assertEquals("checkpoint --job 123\nquit --job 123\n", wrapped(wrapper, "-kc").out());
        assertEquals("status --job 123\n", wrapped(wrapper, "--status").out());
        assertEquals("status --job 123\n", wrapped(wrapper, "-s").out());
        assertEquals("quit --job 123\n", wrapped(wrapper, "--quit").out());
        assertEquals("quit --job 123\n", wrapped(wrapper, "-q").out());
        assertEquals("interval 60 --job 123\n", wrapped(wrapper, "-i", "60").out());
        assertEquals("interval 60 --job 123\n", wrapped(wrapper, "-i60").out());
        assertEquals("interval 0 --job 123\n", wrapped(wrapper, "--interval=0").out());
        assertEquals(0, wrapped(wrapper, "--help").exitCode());
    }

    @Test
    void theDmtcpCommandWrapperRefusesWhatItDoesNotSupportAndListsWhatItDoes(@TempDir Path dir) throws Exception {
        Path wrapper = dir.resolve("dmtcp_command.123");
        CommandWrapper.writeDmtcp(wrapper, "123", "/bin/echo");

        for (String[] args : new String[][] {{"--kill"}, {}, {"-i"}, {"-c", "-s"}, {"-p", "7779", "-c"}}) {
            Wrapped run = wrapped(wrapper, args);
            assertEquals(2, run.exitCode(), String.join(" ", args));
            assertEquals("", run.out(), "nothing was run for " + String.join(" ", args));
            assertTrue(run.err().contains("--checkpoint") && run.err().contains("--status")
                    && run.err().contains("--quit") && run.err().contains("-i N"), run.err());
        }
        assertTrue(wrapped(wrapper, "--kill").err().contains("unsupported option '--kill'"));
    }

    private record Wrapped(int exitCode, String out, String err) { }

    private static Wrapped wrapped(Path wrapper, String... args) throws Exception {
        java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of(wrapper.toString()));
        argv.addAll(java.util.List.of(args));
        Process process = new ProcessBuilder(argv).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes());
        String err = new String(process.getErrorStream().readAllBytes());
        return new Wrapped(process.waitFor(), out, err);
    }

    @Test
    void exportedValuesAreQuotedSoEvalCannotRunThem() {
        assertEquals("'/tmp/a b/$(rm -rf ~)'", org.crjob.process.Command.shellQuote("/tmp/a b/$(rm -rf ~)"));
        assertEquals("'it'\\''s'", org.crjob.process.Command.shellQuote("it's"));
        assertEquals("/plain/path-1.json", org.crjob.process.Command.shellQuote("/plain/path-1.json"));
        assertEquals("''", org.crjob.process.Command.shellQuote(""));
    }

    @Test
    void everyCommandHasHelpThatTeaches() {
        for (String command : new String[] {"start-coordinator", "launch", "restart", "checkpoint", "checkpoint-done",
                "status", "interval", "quit", "checkpoints"}) {
            CliRun run = CliRun.of(command, "--help");
            assertEquals(ExitCode.OK, run.exitCode(), command);
            assertTrue(run.out().startsWith("Usage: crjob " + command), run.out());
        }
    }
}
