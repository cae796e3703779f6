package org.crjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.crjob.process.Command;
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
    void exportedValuesAreQuotedSoEvalCannotRunThem() {
        assertEquals("'/tmp/a b/$(rm -rf ~)'", Command.shellQuote("/tmp/a b/$(rm -rf ~)"));
        assertEquals("'it'\\''s'", Command.shellQuote("it's"));
        assertEquals("/plain/path-1.json", Command.shellQuote("/plain/path-1.json"));
        assertEquals("''", Command.shellQuote(""));
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
