package org.crjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The login-node wrappers start-coordinator writes are the very scripts they were when they were built by string
 * concatenation (issue 16 item 3 makes them templates): byte for byte, for a job id and a launcher that need quoting.
 */
class CommandWrapperScriptsTest {

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

    private static String expected(String name) throws IOException {
        try (InputStream in = CommandWrapperScriptsTest.class.getResourceAsStream("wrappers/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
