package org.crjob.cli;

import static org.crjob.cli.CliRun.parsed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crjob.engine.dmtcp.DmtcpOptions;
import org.crjob.engine.dmtcp.DmtcpOptions.Compression;
import org.crjob.failure.InvalidValueException;
import org.crjob.joblog.RecordingJobLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DMTCP options on crjob's command lines, as each command reads them; no DMTCP needed. */
class DmtcpMixinTest {

    @TempDir
    Path dir;

    @Test
    void launchRunAndStartCoordinatorReadDmtcpsOwnOptionNames() throws IOException {
        Path a = Files.writeString(dir.resolve("a.so"), "");
        Path b = Files.writeString(dir.resolve("b.so"), "");
        DmtcpOptions expected = new DmtcpOptions(Compression.NONE, true, true, true, List.of(a, b), dir.resolve("t"));
        String[] args = {"--no-gzip", "--checkpoint-open-files", "--allow-file-overwrite", "--modify-env",
            "--with-plugin", a + ":" + b, "--tmpdir", dir.resolve("t").toString()};

        assertEquals(expected, parsed(LaunchCommand.class, "launch", concat(args, "--", "x")).dmtcp.options("dmtcp"));
        assertEquals(expected, parsed(RunCommand.class, "run", concat(args, "--", "x")).dmtcp.options("dmtcp"));
        assertEquals(expected, parsed(StartCoordinatorCommand.class, "start-coordinator", args).dmtcp.options("dmtcp"));
        assertEquals(List.of(a, b), parsed(LaunchCommand.class, "launch", "--with-plugin", a.toString(), "--with-plugin",
                b.toString(), "x").dmtcp.options("dmtcp").plugins(), "repeated, as well as ':'-separated");
        assertEquals(Compression.GZIP, parsed(RunCommand.class, "run", "--gzip", "x").dmtcp.options("dmtcp").compression());
        assertEquals(DmtcpOptions.DEFAULTS, parsed(RunCommand.class, "run", "x").dmtcp.options("dmtcp"));
    }

    @Test
    void dmtcpOptionsWithTheSignalEngineAreAUsageError() {
        CliRun run = CliRun.of("run", "--no-gzip", "--", "true");

        assertEquals(ExitCode.USAGE, run.exitCode(), run.toString());
        assertTrue(run.err().contains("need the dmtcp engine, and this one is 'signal'"), run.err());
        assertEquals(DmtcpOptions.DEFAULTS, parsed(RunCommand.class, "run", "x").dmtcp.options("signal"));
    }

    @Test
    void allowFileOverwriteWithoutOpenFilesIsAUsageError() {
        CliRun run = CliRun.of("start-coordinator", "--engine", "dmtcp", "--allow-file-overwrite");

        assertEquals(ExitCode.USAGE, run.exitCode(), run.toString());
        assertTrue(run.err().contains("--allow-file-overwrite only acts together with --ckpt-open-files"), run.err());
    }

    @Test
    void restartTakesOnlyTheTemporaryDirectoryAndSaysWhyNotTheRest() {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> parsed(RestartCommand.class, "restart", "--no-gzip", "--modify-env").dmtcp.restartOptions("dmtcp"));

        assertEquals(ExitCode.USAGE, ExitCode.of(e.kind()));
        assertTrue(e.getMessage().startsWith("--no-gzip, --modify-env: chosen when the program is launched"),
                e.getMessage());
        assertEquals(dir.resolve("t"), parsed(RestartCommand.class, "restart", "--tmpdir", dir.resolve("t").toString()).dmtcp
                .restartOptions("dmtcp").tmpDir());
    }

    @Test
    void dmtcpsCheckpointIntervalVariableBecomesCrjobsIntervalWhenNoneIsGiven() {
        RecordingJobLog said = new RecordingJobLog();
        Map<String, String> env = Map.of("DMTCP_CHECKPOINT_INTERVAL", "120");

        assertEquals(120, DmtcpMixin.interval(0, "dmtcp", env, said));
        assertTrue(said.events().get(0).contains("crjob checkpoints every 120 s"), said.toString());
        assertEquals(60, DmtcpMixin.interval(60, "dmtcp", env, said), "-i wins");
        assertEquals(0, DmtcpMixin.interval(0, "signal", env, said), "only for DMTCP users");
        assertEquals(0, DmtcpMixin.interval(0, "dmtcp", Map.of(), said));
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> DmtcpMixin.interval(0, "dmtcp",
                Map.of("DMTCP_CHECKPOINT_INTERVAL", "soon"), said));
        assertEquals(ExitCode.USAGE, ExitCode.of(e.kind()));
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
