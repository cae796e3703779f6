package org.crjob.engine.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.crjob.failure.InvalidValueException;
import org.crjob.posix.Signal;
import org.crjob.slurm.InvalidSlurmTimeException;
import org.crjob.slurm.SlurmTime;

/**
 * Typed values from {@link YamlNode}s. Every refusal is a {@link JobSpecException} at the value's location
 * that names the key, quotes the value and says what is allowed.
 */
final class Values {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern INTEGER = Pattern.compile("[0-9]{1,9}");
    /** What a shell would read specially in a one-line command, which crjob never hands to a shell. */
    private static final Pattern SHELL_SYNTAX = Pattern.compile("[|&;<>()$`\\\\\"'*?\\[\\]{}~#]");

    private Values() {
    }

    static String text(String key, YamlNode node) {
        if (node instanceof YamlNode.Scalar scalar) {
            return scalar.text();
        }
        throw wrongKind(key, node, "a single value");
    }

    /** A value that goes on an {@code #SBATCH} line. */
    static String sbatch(String key, YamlNode node) {
        return SbatchValue.check(key, text(key, node), node.location());
    }

    /** Any Slurm time form ({@code 30} is 30 minutes, {@code 2-12} is 60 hours); not UNLIMITED. */
    static SlurmTime slurmTime(String key, YamlNode node) {
        String text = text(key, node);
        SlurmTime time;
        try {
            time = SlurmTime.parse(text);
        } catch (InvalidSlurmTimeException e) {
            throw new JobSpecException(node.location(), key + ": " + e.getMessage());
        }
        if (time.isUnlimited()) {
            throw new JobSpecException(node.location(), key + ": '" + text + "' is no limit; give a time such as"
                    + " 12:00:00 (a bare number is minutes)");
        }
        return time;
    }

    /**
     * Seconds, as sbatch's {@code --signal=B:USR1@60} and crjob's {@code -i} take them: a bare number is
     * <em>seconds</em> here; a Slurm form with a colon ({@code 2:00}, {@code 1:00:00}) is read as Slurm reads it.
     */
    static Duration seconds(String key, YamlNode node) {
        String text = text(key, node).strip();
        if (INTEGER.matcher(text).matches()) {
            return Duration.ofSeconds(Long.parseLong(text));
        }
        if (text.contains(":")) {
            try {
                SlurmTime time = SlurmTime.parse(text);
                if (!time.isUnlimited()) {
                    return time.toDuration();
                }
            } catch (InvalidSlurmTimeException e) {
                // refused below, with what this key takes
            }
        }
        throw new JobSpecException(node.location(), key + ": '" + text + "' is not a number of seconds; write"
                + " seconds (e.g. 120) or minutes:seconds / hours:minutes:seconds (e.g. 2:00)");
    }

    static int integer(String key, YamlNode node, int min, int max) {
        String text = text(key, node).strip();
        if (INTEGER.matcher(text).matches()) {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        }
        throw new JobSpecException(node.location(), key + ": '" + text + "' is not allowed; use a whole number from "
                + min + " to " + max);
    }

    static boolean bool(String key, YamlNode node) {
        String text = text(key, node).strip().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new JobSpecException(node.location(), key + ": '" + text + "' is not allowed; use true"
                    + " or false");
        };
    }

    static Signal signal(String key, YamlNode node) {
        try {
            return Signal.parse(text(key, node));
        } catch (InvalidValueException e) {
            throw new JobSpecException(node.location(), key + ": " + e.getMessage());
        }
    }

    static String oneOf(String key, YamlNode node, List<String> allowed) {
        String text = text(key, node).strip();
        if (allowed.contains(text)) {
            return text;
        }
        throw new JobSpecException(node.location(), key + ": '" + text + "' is not allowed; use "
                + String.join(" or ", allowed));
    }

    /** A list of plain values; a single value is a list of one. */
    static List<String> list(String key, YamlNode node) {
        if (node instanceof YamlNode.Scalar scalar) {
            return List.of(scalar.text());
        }
        if (!(node instanceof YamlNode.Sequence sequence)) {
            throw wrongKind(key, node, "a list, e.g. [a, b]");
        }
        List<String> items = new ArrayList<>();
        for (YamlNode item : sequence.items()) {
            items.add(text(key + " item", item));
        }
        return items;
    }

    /** A list whose single-value form is split at blanks: {@code dmtcp python} is two modules. */
    static List<String> words(String key, YamlNode node) {
        List<String> items = list(key, node);
        if (node instanceof YamlNode.Scalar) {
            return List.of(items.get(0).strip().split("\\s+"));
        }
        return items;
    }

    /**
     * The command: a list is taken word for word; a single line is split at blanks, and refused when it holds
     * anything a shell would interpret, because no shell ever reads it (each word reaches the program as it is).
     */
    static List<String> command(String key, YamlNode node) {
        List<String> argv = list(key, node);
        if (node instanceof YamlNode.Scalar scalar) {
            String line = scalar.text().strip();
            var special = SHELL_SYNTAX.matcher(line);
            if (special.find()) {
                throw new JobSpecException(node.location(), key + ": '" + special.group() + "' in '" + line + "' would reach the"
                        + " program as a plain character: crjob runs the command without a shell. Write it as a list,"
                        + " one argument per item ([./sim, input.nml]), or as [bash, -c, '...'] to use the shell");
            }
            argv = line.isEmpty() ? List.of() : List.of(line.split("\\s+"));
        }
        if (argv.isEmpty() || argv.get(0).isBlank()) {
            throw new JobSpecException(node.location(), key + ": no program to run; give one, e.g. command: ./sim"
                    + " input.nml");
        }
        return argv;
    }

    /** Environment variables: a mapping of names to single values. */
    static Map<String, String> environment(String key, YamlNode node) {
        if (!(node instanceof YamlNode.Mapping mapping)) {
            throw wrongKind(key, node, "a mapping of variable names to values, e.g. {OMP_NUM_THREADS: 4}");
        }
        Map<String, String> env = new LinkedHashMap<>();
        mapping.entries().forEach((name, entry) -> {
            if (!ENV_NAME.matcher(name).matches()) {
                throw new JobSpecException(entry.keyLocation(), key + ": '" + name + "' is not a variable name; use"
                        + " letters, digits and _ (not first a digit)");
            }
            env.put(name, entry.value() instanceof YamlNode.Null ? "" : text(key + "." + name, entry.value()));
        });
        return env;
    }

    /** A name a template file is found by: no directories, nothing a file name cannot hold. */
    static String templateName(String key, YamlNode node) {
        String text = text(key, node).strip();
        if (!text.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new JobSpecException(node.location(), key + ": '" + text + "' is not a template name; use a name"
                    + " such as signal-vt (crjob render --list shows them)");
        }
        return text;
    }

    static JobSpecException wrongKind(String key, YamlNode node, String wanted) {
        return new JobSpecException(node.location(), key + ": expected " + wanted + ", found " + node.kind());
    }
}
