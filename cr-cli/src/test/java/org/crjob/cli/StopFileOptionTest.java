package org.crjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.crjob.engine.StopFile;
import org.crjob.posix.Signal;
import org.junit.jupiter.api.Test;

/** --stop-file and --signal together, as run, launch and restart read them. */
class StopFileOptionTest {

    private static SaveOptions run(String... options) {
        String[] args = new String[options.length + 2];
        System.arraycopy(options, 0, args, 0, options.length);
        args[options.length] = "--";
        args[options.length + 1] = "lmp";
        return CliRun.parsed(RunCommand.class, "run", args).save;
    }

    @Test
    void withoutAStopFileTheSignalKeepsItsUsr1Default() {
        SaveOptions save = run();

        assertEquals(Signal.USR1, save.signal());
        assertEquals(Optional.empty(), save.stopFile());
    }

    @Test
    void aStopFileAloneAsksWithoutAnySignal() {
        SaveOptions save = run("--stop-file", "STOP");

        assertEquals(Optional.of(new StopFile(Path.of("STOP"), "", false)), save.stopFile());
    }

    @Test
    void aStopFileWithASignalGivenAsksWithBoth() {
        SaveOptions save = run("--stop-file", "STOP", "--signal", "INT");

        assertEquals(Signal.INT, save.signal());
        assertTrue(save.stopFile().orElseThrow().withSignal());
    }

    @Test
    void aStopFilesContentComesAfterTheFirstEqualsSign() {
        SaveOptions save = run("--stop-file", "STOPCAR=LSTOP = .TRUE.");

        assertEquals(new StopFile(Path.of("STOPCAR"), "LSTOP = .TRUE.\n", false), save.stopFile().orElseThrow());
    }

    @Test
    void launchAndRestartTakeTheStopFileToo() {
        assertEquals(Path.of("STOP").toAbsolutePath(), CliRun.parsed(LaunchCommand.class, "launch", "--stop-file",
                "STOP", "--", "lmp").app.save.stopFile().orElseThrow().path());
        assertEquals(Path.of("STOP").toAbsolutePath(), CliRun.parsed(RestartCommand.class, "restart", "--stop-file",
                "STOP").app.save.stopFile().orElseThrow().path());
    }

    @Test
    void aStopFileWithoutAPathExitsTwoNamingTheValue() {
        CliRun run = CliRun.of("launch", "--stop-file", "=x", "--", "true");

        assertEquals(ExitCode.USAGE, run.exitCode(), run.err());
        assertTrue(run.err().contains("--stop-file '=x' names no file"), run.err());
    }
}
