package org.crjob.cli;

import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * A command's man page in roff: its {@code --help} text as the page (preformatted, as the terminal shows it),
 * under the NAME line {@code man -k} indexes, and the pages of its subcommands under SEE ALSO.
 */
final class ManPage {

    private ManPage() {
    }

    /** {@code crjob-checkpoints-verify.1} for {@code crjob checkpoints verify}. */
    static String fileName(CommandLine command) {
        return pageName(command) + ".1";
    }

    static String of(CommandLine command, String version) {
        StringBuilder page = new StringBuilder()
                .append(".TH \"").append(pageName(command).toUpperCase()).append("\" \"1\" \"\" \"crjob ")
                .append(version).append("\" \"crjob manual\"\n")
                .append(".SH NAME\n").append(escaped(pageName(command))).append(" \\- ")
                .append(escaped(summary(command))).append('\n')
                .append(".SH DESCRIPTION\n.nf\n")
                .append(escaped(command.getUsageMessage(Ansi.OFF)).replaceAll("(?m)^([.'])", "\\\\&$1"))
                .append(".fi\n");
        String seeAlso = seeAlso(command);
        if (!seeAlso.isEmpty()) {
            page.append(".SH SEE ALSO\n").append(seeAlso).append('\n');
        }
        return page.toString();
    }

    private static String pageName(CommandLine command) {
        return command.getCommandSpec().qualifiedName("-");
    }

    private static String summary(CommandLine command) {
        String[] description = command.getCommandSpec().usageMessage().description();
        return description.length == 0 ? "a crjob command" : description[0].split("(?<=\\.) |: ")[0];
    }

    private static String seeAlso(CommandLine command) {
        CommandLine parent = command.getParent();
        StringBuilder pages = new StringBuilder();
        if (parent != null) {
            pages.append(escaped(pageName(parent))).append("(1)");
        }
        command.getSubcommands().values().stream().distinct().forEach(sub -> pages
                .append(pages.isEmpty() ? "" : ", ").append(escaped(pageName(sub))).append("(1)"));
        return pages.toString();
    }

    /** Backslashes and hyphens as roff wants them (a bare {@code -} may become a typographic hyphen). */
    private static String escaped(String text) {
        return text.replace("\\", "\\e").replace("-", "\\-");
    }
}
