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
    void exportedValuesAreQuotedSoEvalCannotRunThem() {
        assertEquals("'/tmp/a b/$(rm -rf ~)'", ShellQuote.quote("/tmp/a b/$(rm -rf ~)"));
        assertEquals("'it'\\''s'", ShellQuote.quote("it's"));
        assertEquals("/plain/path-1.json", ShellQuote.quote("/plain/path-1.json"));
        assertEquals("''", ShellQuote.quote(""));
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
