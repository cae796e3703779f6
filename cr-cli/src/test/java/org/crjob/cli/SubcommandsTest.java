package org.crjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

class SubcommandsTest {

    private static final List<Class<?>> ALL = CrjobCommand.SUBCOMMANDS;

    private static List<Class<?>> reachable(String... args) {
        return Subcommands.reachableBy(args, ALL);
    }

    /** {@code crjob args} through {@link Main#run}, the path bin/crjob takes. */
    private static CliRun main(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    @Test
    void aCommandLineThatNamesASubcommandBuildsOnlyThatOne() {
        assertEquals(List.of(TimeCommand.class), reachable("time", "--seconds", "5"));
        assertEquals(List.of(TimeCommand.class), reachable("-v", "time", "--seconds", "5"));
        assertEquals(List.of(CheckpointDoneCommand.class), reachable("checkpoint-done"));
    }

    @Test
    void helpUsageErrorsAndUnknownNamesBuildEverySubcommand() {
        assertEquals(ALL, reachable());
        assertEquals(ALL, reachable("--help"));
        assertEquals(ALL, reachable("help", "time"));
        assertEquals(ALL, reachable("tme"));
        assertEquals(ALL, reachable("--version", "--bogus"));
    }

    @Test
    void versionAloneBuildsNoSubcommand() {
        assertEquals(List.of(), reachable("--version"));
        assertEquals(List.of(), reachable("-V"));
    }

    @Test
    void mainRunsTheNamedSubcommand() {
        CliRun run = main("time", "--seconds", "2-12");

        assertEquals(new CliRun(ExitCode.OK, "216000\n", ""), run);
    }

    @Test
    void mainStillSuggestsTheRightNameForAMistypedCommand() {
        CliRun run = main("tme");

        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().contains("Did you mean: crjob time?"), run.err());
    }

    @Test
    void mainHelpForOneCommandStillWorks() {
        CliRun run = main("help", "time");

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("Usage: crjob time"), run.out());
    }

    @Test
    void mainHelpListsEveryCommand() {
        CliRun run = main("--help");

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        for (String name : List.of("run", "start-coordinator", "status", "checkpoints", "shell-init", "time")) {
            assertTrue(run.out().contains("\n  " + name + " "), name + " missing from:\n" + run.out());
        }
    }
}
