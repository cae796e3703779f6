package org.crjob.engine.submit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code #SBATCH} options of a script as sbatch reads them: from the lines before the first command (blank
 * lines and comments do not end the header), each line split at blanks, up to a {@code #} that starts a comment.
 */
record SbatchHeader(List<String> options) {

    static SbatchHeader of(String script) {
        List<String> options = new ArrayList<>();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                break;
            }
            if (trimmed.startsWith("#SBATCH")) {
                for (String word : trimmed.substring("#SBATCH".length()).strip().split("\\s+")) {
                    if (word.startsWith("#")) {
                        break;
                    }
                    if (!word.isEmpty()) {
                        options.add(word);
                    }
                }
            }
        }
        return new SbatchHeader(List.copyOf(options));
    }

    /** The value of the last {@code --name=value} (a later line overrides an earlier one, as in sbatch). */
    Optional<String> last(String name) {
        Optional<String> value = Optional.empty();
        for (String option : options) {
            if (option.startsWith(name + "=")) {
                value = Optional.of(option.substring(name.length() + 1));
            }
        }
        return value;
    }

    /** Whether {@code flag} comes after the last {@code negation}: {@code --requeue} against {@code --no-requeue}. */
    boolean flag(String flag, String negation) {
        return options.lastIndexOf(flag) > options.lastIndexOf(negation);
    }
}
