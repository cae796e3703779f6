package org.crjob.engine.dmtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.crjob.engine.dmtcp.DmtcpOptions.Compression;
import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.failure.InvalidValueException;
import org.crjob.process.ExecCommandRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which DMTCP program gets which option, and how launch's options combine with the coordinator's; no DMTCP needed. */
class DmtcpOptionsTest {

    @TempDir
    Path dir;

    private Path plugin(String name) throws IOException {
        return Files.writeString(dir.resolve(name), "not really a library");
    }

    @Test
    void everyLaunchOptionGoesToDmtcpLaunchWithDmtcpsOwnName() throws IOException {
        DmtcpOptions options = new DmtcpOptions(Compression.NONE, true, true, true,
                List.of(plugin("a.so"), plugin("b.so")), null);

        assertEquals(List.of("--no-gzip", "--ckpt-open-files", "--allow-file-overwrite", "--modify-env",
                "--with-plugin", dir.resolve("a.so") + ":" + dir.resolve("b.so")), options.launchArgs());
        assertEquals(List.of("--gzip"), new DmtcpOptions(Compression.GZIP, false, false, false, List.of(), null)
                .launchArgs());
        assertEquals(List.of(), DmtcpOptions.DEFAULTS.launchArgs());
    }

    @Test
    void aJobScriptsOwnDmtcpLaunchGetsWhatDmtcpHasVariablesForAndNeverDmtcpsOwnInterval() throws IOException {
        DmtcpOptions options = new DmtcpOptions(Compression.NONE, true, false, true, List.of(plugin("a.so")), null);

        assertEquals(Map.of("DMTCP_GZIP", "0", "DMTCP_PLUGIN", dir.resolve("a.so").toString(),
                "DMTCP_CHECKPOINT_INTERVAL", "0"), options.scriptEnvironment());
        assertEquals(List.of("--ckpt-open-files", "--modify-env"), options.launchOnlyWithoutVariable());
        assertEquals(Map.of("DMTCP_CHECKPOINT_INTERVAL", "0"), DmtcpOptions.DEFAULTS.scriptEnvironment());
    }

    @Test
    void onlyTheTemporaryDirectoryIsNotALaunchOption() throws IOException {
        DmtcpOptions options = new DmtcpOptions(Compression.GZIP, true, true, true, List.of(plugin("a.so")),
                dir.resolve("tmp"));

        assertEquals(List.of("--gzip", "--ckpt-open-files", "--allow-file-overwrite", "--modify-env", "--with-plugin"),
                options.launchOnly());
        assertEquals(List.of(), new DmtcpOptions(Compression.DEFAULT, false, false, false, List.of(),
                dir.resolve("tmp")).launchOnly());
    }

    @Test
    void allowFileOverwriteAloneIsRefusedBecauseDmtcpIgnoresItWithoutOpenFiles() {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> new DmtcpOptions(Compression.DEFAULT, false, true, false, List.of(), null));
        assertTrue(e.getMessage().contains("add --ckpt-open-files"), e.getMessage());
    }

    @Test
    void aPluginThatIsNotThereIsRefusedAndARelativeOneMadeAbsolute() throws IOException {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> new DmtcpOptions(Compression.DEFAULT, false, false, false, List.of(dir.resolve("none.so")), null));
        assertTrue(e.getMessage().contains("--with-plugin " + dir.resolve("none.so") + ": no such file"), e.getMessage());

        Path relative = Path.of("").toAbsolutePath().relativize(plugin("rel.so"));
        DmtcpOptions options = new DmtcpOptions(Compression.DEFAULT, false, false, false, List.of(relative), null);
        assertEquals(List.of(dir.resolve("rel.so")), options.plugins(), "DMTCP needs absolute plugin paths");
    }

    @Test
    void aLaunchsOptionsAddToTheCoordinatorsAndItsCompressionWins() throws IOException {
        DmtcpOptions coordinator = new DmtcpOptions(Compression.NONE, false, false, true, List.of(plugin("a.so")),
                dir.resolve("tmp"));
        DmtcpOptions launch = new DmtcpOptions(Compression.GZIP, true, false, false, List.of(plugin("b.so"),
                dir.resolve("a.so")), null);

        DmtcpOptions both = launch.over(coordinator);

        assertEquals(new DmtcpOptions(Compression.GZIP, true, false, true, List.of(dir.resolve("a.so"),
                dir.resolve("b.so")), dir.resolve("tmp")), both);
        assertEquals(Compression.NONE, DmtcpOptions.DEFAULTS.over(coordinator).compression());
    }

    @Test
    void aLaunchCannotUseAnotherTemporaryDirectoryThanTheCoordinators() {
        DmtcpOptions coordinator = new DmtcpOptions(Compression.DEFAULT, false, false, false, List.of(),
                dir.resolve("tmp"));
        DmtcpOptions launch = new DmtcpOptions(Compression.DEFAULT, false, false, false, List.of(), dir.resolve("other"));

        InvalidValueException e = assertThrows(InvalidValueException.class, () -> launch.over(coordinator));
        assertTrue(e.getMessage().contains("give --tmpdir to crjob start-coordinator only"), e.getMessage());
        assertEquals(coordinator, new DmtcpOptions(Compression.DEFAULT, false, false, false, List.of(),
                dir.resolve("tmp")).over(coordinator), "the same directory is fine");
    }

    @Test
    void theCoordinatorsOptionsRoundTripThroughItsFileAndNoFileMeansDefaults() throws IOException {
        DmtcpOptions options = new DmtcpOptions(Compression.NONE, true, true, true, List.of(plugin("a.so")),
                dir.resolve("tmp dir"));
        Path file = dir.resolve("dmtcp-options.json");

        options.write(file);

        assertEquals(options, DmtcpOptions.read(file));
        assertEquals(DmtcpOptions.DEFAULTS, DmtcpOptions.read(dir.resolve("absent.json")));
    }

    @Test
    void launchAndRestartCommandLinesCarryTheOptionsAndTheCoordinatorsTemporaryDirectory() throws IOException {
        // a DMTCP that is never run: only the argument vectors are checked
        DmtcpInstallation fake = new DmtcpInstallation(Files.createDirectories(dir.resolve("bin")));
        DmtcpPaths paths = DmtcpPaths.of(new JobPaths(dir, "7"), dir.resolve("crjob.ckpt"));
        Files.createDirectories(paths.stateDir());
        Files.writeString(paths.portFile(), "4711");
        new DmtcpOptions(Compression.NONE, false, false, false, List.of(), dir.resolve("tmp")).write(paths.optionsFile());

        DmtcpEngine engine = DmtcpEngine.attach(fake, paths, new DmtcpOptions(Compression.DEFAULT, true, false, true,
                List.of(), null), new ExecCommandRunner());

        assertEquals(List.of(fake.launch().toString(), "-j", "-h", "localhost", "-p", "4711", "--ckptdir",
                paths.imageDir().toString(), "--no-gzip", "--ckpt-open-files", "--modify-env", "-q", "./sim", "in"),
                engine.launchCommand(List.of("./sim", "in")));
        Map<String, String> env = engine.environment();
        assertEquals(dir.resolve("tmp").toString(), env.get("DMTCP_TMPDIR"));
        assertEquals("0", env.get("DMTCP_CHECKPOINT_INTERVAL"));
        assertEquals(Integer.toString(DmtcpEngine.FAIL_RC), env.get("DMTCP_FAIL_RC"));
    }

    @Test
    void aRestartWritesTheNewRunsVariablesQuotedWhereDmtcpsModifyEnvPluginReadsThem() throws IOException {
        DmtcpPaths paths = DmtcpPaths.of(new JobPaths(dir, "7"), dir.resolve("crjob.ckpt"));

        DmtcpRestartEnv.write(paths, dir, Map.of("SLURM_JOB_ID", "8", "SLURM_JOB_NAME", "a \"b\" $c\\d",
                "CRJOB_RESTART_COUNT", "1", "HOME", "/root", "SLURM_MULTILINE", "x\ny"));

        Path written = paths.imageDir().resolve("dmtcp_env.txt"); // DMTCP reads <ckptdir>/dmtcp_env.txt
        assertEquals(List.of("CRJOB_RESTART_COUNT=\"1\"", "SLURM_JOB_ID=\"8\"",
                "SLURM_JOB_NAME=\"a \\\"b\\\" \\$c\\\\d\""), Files.readAllLines(written).subList(1, 4));
        assertEquals(4, Files.readAllLines(written).size(), "no HOME, no value with a newline");
    }

    @Test
    void aUsersOwnDmtcpEnvFileInTheJobsDirectoryIsUsedAsItIs() throws IOException {
        DmtcpPaths paths = DmtcpPaths.of(new JobPaths(dir, "7"), dir.resolve("crjob.ckpt"));
        Files.writeString(dir.resolve("dmtcp_env.txt"), "DISPLAY=$DISPLAY\n");

        DmtcpRestartEnv.write(paths, dir, Map.of("SLURM_JOB_ID", "8"));

        assertEquals("DISPLAY=$DISPLAY\n", Files.readString(paths.imageDir().resolve("dmtcp_env.txt")));
    }
}
