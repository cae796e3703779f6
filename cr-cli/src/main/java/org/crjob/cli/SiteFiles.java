package org.crjob.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Writes what an installed crjob needs besides its jar (scripts/install runs this): a man page per command
 * under {@code share/man/man1} and the bash completion under {@code share/bash-completion/completions}, both
 * made from the same command tree as {@code --help}, so they cannot drift from it.
 *
 * <p>Usage: {@code java -cp crjob.jar org.crjob.cli.SiteFiles PREFIX}.
 */
public final class SiteFiles {

    private SiteFiles() {
    }

    public static void main(String... args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: SiteFiles PREFIX (scripts/install calls this)");
        }
        Path share = Path.of(args[0]).resolve("share");
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        CommandLine top = Main.commandLine(nowhere, nowhere);
        Path man1 = Files.createDirectories(share.resolve("man/man1"));
        for (CommandLine command : everyCommand(top)) {
            Files.writeString(man1.resolve(ManPage.fileName(command)), ManPage.of(command, VersionProvider.version()));
        }
        Path completions = Files.createDirectories(share.resolve("bash-completion/completions"));
        Files.writeString(completions.resolve("crjob"), AutoComplete.bash("crjob", top));
    }

    /** {@code top} and every subcommand under it, depth first; aliases once. */
    static List<CommandLine> everyCommand(CommandLine top) {
        List<CommandLine> commands = new ArrayList<>(List.of(top));
        top.getSubcommands().values().stream().distinct()
                .forEach(sub -> commands.addAll(everyCommand(sub)));
        return commands;
    }
}
