package org.crjob.slurm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code #SBATCH} options of a batch script, read as sbatch reads them: from the lines before the
 * first command, several options to a line allowed. Options given on the sbatch command line are not in
 * the script, so what is missing here may still have been set: callers word their warnings accordingly.
 */
public final class SbatchDirectives {
    private final List<String> options;

    private SbatchDirectives(List<String> options) {
        this.options = List.copyOf(options);
    }

    public static SbatchDirectives of(String script) {
        List<String> options = new ArrayList<>();
        for (String raw : script.lines().toList()) {
            String line = raw.strip();
            if (line.startsWith("#SBATCH")) {
                String rest = line.substring("#SBATCH".length());
                if (rest.isEmpty() || Character.isWhitespace(rest.charAt(0))) {
                    addOptions(rest, options);
                }
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                break; // sbatch stops reading directives at the first command
            }
        }
        return new SbatchDirectives(options);
    }

    private static void addOptions(String text, List<String> options) {
        String[] words = text.strip().split("\\s+");
        for (int i = 0; i < words.length; i++) {
            String word = words[i];
            if (word.startsWith("#")) {
                return; // a comment after the options
            }
            boolean valueFollows = word.startsWith("--") && !word.contains("=") && i + 1 < words.length
                    && !words[i + 1].startsWith("-");
            options.add(valueFollows ? word + "=" + words[++i] : word);
        }
    }

    /** The last value of a long option ({@code name} without dashes), as sbatch lets the last one win. */
    public Optional<String> value(String name) {
        String prefix = "--" + name + "=";
        Optional<String> found = Optional.empty();
        for (String option : options) {
            if (option.startsWith(prefix)) {
                found = Optional.of(option.substring(prefix.length()));
            }
        }
        return found;
    }

    /** Whether the long flag {@code --name} (no value) is among the options. */
    public boolean has(String name) {
        return options.contains("--" + name);
    }

    /** {@code --signal}, if the script sets it. */
    public Optional<WarningSignal> signal() {
        return value("signal").map(WarningSignal::parse);
    }

    public List<String> options() {
        return options;
    }
}
