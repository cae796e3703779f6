package org.crjob.engine.coordinator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** examples/counting/count.sh, the application the signal-engine tests run. */
final class CountingApp {
    static final Path SCRIPT = Path.of("..", "examples", "counting", "count.sh").toAbsolutePath().normalize();

    private CountingApp() {
    }

    static List<String> command() {
        return List.of(SCRIPT.toString());
    }

    /** Environment for a count to {@code to}, a number every {@code stepSeconds}, in {@code dir}. */
    static Map<String, String> env(Path dir, int to, String stepSeconds) {
        return Map.of("COUNT_OUT", dir.resolve("count.txt").toString(), "COUNT_CKPT",
                dir.resolve("count.ckpt").toString(), "COUNT_TO", Integer.toString(to), "COUNT_STEP", stepSeconds);
    }

    /** The numbers counted so far, in order. */
    static List<Integer> numbers(Path file) {
        try {
            if (!Files.exists(file)) {
                return List.of();
            }
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(Integer::parseInt).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    static List<Integer> oneTo(int n) {
        return IntStream.rangeClosed(1, n).boxed().toList();
    }
}
