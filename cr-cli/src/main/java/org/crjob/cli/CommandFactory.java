package org.crjob.cli;

import picocli.CommandLine;

/** Builds crjob's commands for picocli, each given the {@link CliContext} it works in. */
final class CommandFactory implements CommandLine.IFactory {
    private final CliContext context;

    CommandFactory(CliContext context) {
        this.context = context;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        K made = CommandLine.defaultFactory().create(type);
        if (made instanceof BaseCommand command) {
            command.context = context;
        }
        return made;
    }
}
