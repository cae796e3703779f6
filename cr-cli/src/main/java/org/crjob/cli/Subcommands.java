package org.crjob.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import picocli.CommandLine.Command;

/**
 * Which subcommands a command line can reach, so that crjob builds only those: picocli's set-up of a
 * subcommand (reflection over its options, mixins and annotations) is most of crjob's start-up time, and
 * a command line names at most one of them.
 */
final class Subcommands {

    /** Options of the top command that print something and stop; with only these, no subcommand is needed. */
    private static final Set<String> VERSION_OPTIONS = Set.of("-V", "--version");

    private Subcommands() {
    }

    /**
     * The subcommands of {@code all} that {@code args} can reach: the one named by the first argument that
     * is not an option, when there is one and it is not {@code help}; none when {@code args} only asks for
     * the version; otherwise (help, usage errors, an unknown name: their messages list the subcommands) all.
     */
    static List<Class<?>> reachableBy(String[] args, List<Class<?>> all) {
        String name = firstNonOption(args);
        if (name == null) {
            return args.length > 0 && VERSION_OPTIONS.containsAll(List.of(args)) ? List.of() : all;
        }
        for (Class<?> subcommand : all) {
            Command command = subcommand.getAnnotation(Command.class);
            if (!command.helpCommand() && names(command).contains(name)) {
                return List.of(subcommand);
            }
        }
        return all;
    }

    private static String firstNonOption(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                return arg;
            }
        }
        return null;
    }

    private static List<String> names(Command command) {
        List<String> names = new ArrayList<>(List.of(command.aliases()));
        names.add(command.name());
        return names;
    }
}
