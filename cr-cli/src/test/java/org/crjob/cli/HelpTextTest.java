package org.crjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.UsageMessageSpec;

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

    /** Examples and tables (indented lines) are laid out by hand: picocli must never wrap one mid-column. */
    @ParameterizedTest(name = "{0} --help")
    @MethodSource("commands")
    void everyIndentedLineOfTheHelpFitsTheHelpWidthSoExamplesWrapWhereTheyWereWritten(String command) {
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        CommandLine top = Main.commandLine(nowhere, nowhere);
        UsageMessageSpec usage = (command.equals("crjob") ? top : top.getSubcommands().get(command))
                .getCommandSpec().usageMessage();
        List<String> tooWide = Arrays.stream(usage.description())
                .filter(line -> line.startsWith(" ") && line.length() > usage.width())
                .toList();
        assertEquals(List.of(), tooWide, "wider than " + usage.width() + " columns");
    }

    private static String snapshot(String command) throws IOException {
        try (InputStream in = HelpTextTest.class.getResourceAsStream("help/" + command + ".txt")) {
            assertNotNull(in, "no snapshot help/" + command + ".txt");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
