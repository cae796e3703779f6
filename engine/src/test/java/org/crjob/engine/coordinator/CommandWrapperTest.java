package org.crjob.engine.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The login-node wrappers start-coordinator writes: private, mapping their arguments onto crjob's commands, and the
 * very scripts they were when they were built by string concatenation (issue 16 item 3 made them templates): byte
 * for byte, for a job id and a launcher that need quoting.
 */
class CommandWrapperTest {

    @Test
    void crjobCommandIsByteForByteTheScriptItWas(@TempDir Path dir) throws IOException {
        Path wrapper = dir.resolve("crjob_command.123");

        CommandWrapper.write(wrapper, "123", "/opt/my crjob/bin/crjob");

        assertEquals(expected("crjob_command.123"), Files.readString(wrapper));
    }

    @Test
    void dmtcpCommandIsByteForByteTheScriptItWas(@TempDir Path dir) throws IOException {
        Path wrapper = dir.resolve("dmtcp_command.77_3");

        CommandWrapper.writeDmtcp(wrapper, "77_3", "/opt/it's/crjob");

        assertEquals(expected("dmtcp_command.77_3"), Files.readString(wrapper));
    }

    @Test
    void theCommandWrapperIsPrivateAndPassesTheJobAndArguments(@TempDir Path dir) throws Exception {
        Path wrapper = dir.resolve("crjob_command.123");

        CommandWrapper.write(wrapper, "123", "crjob");

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
        List<String> argv = new ArrayList<>(List.of(wrapper.toString()));
        argv.addAll(List.of(args));
        Process process = new ProcessBuilder(argv).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes());
        String err = new String(process.getErrorStream().readAllBytes());
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the wrapper did not exit: " + argv);
        return new Wrapped(process.exitValue(), out, err);
    }

    private static String expected(String name) throws IOException {
        try (InputStream in = CommandWrapperTest.class.getResourceAsStream("wrappers/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
