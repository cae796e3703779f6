package org.crjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * Every command's {@code --help}, byte for byte as users read it: moving options between commands and mixins must
 * not change a word, the order of the options, or a line break. The expected texts in
 * {@code src/test/resources/org/crjob/cli/help/} were printed by crjob as it was at the start of issue 16's clean-up
 * of repeated blocks; a change to a help text on purpose updates its file in the same commit.
 */
class HelpTextTest {

    static List<String> commands() {
        List<String> names = new ArrayList<>(List.of("crjob"));
        CrjobCommand.SUBCOMMANDS.stream()
                .filter(type -> type != HelpCommand.class)
                .map(type -> type.getAnnotation(Command.class).name())
                .forEach(names::add);
        return names;
    }

    @ParameterizedTest(name = "{0} --help")
    @MethodSource("commands")
    void helpTextIsTheSnapshotted(String command) throws IOException {
        CliRun run = command.equals("crjob") ? CliRun.of("--help") : CliRun.of(command, "--help");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(snapshot(command), run.out());
    }

    private static String snapshot(String command) throws IOException {
        try (InputStream in = HelpTextTest.class.getResourceAsStream("help/" + command + ".txt")) {
            assertNotNull(in, "no snapshot help/" + command + ".txt");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
