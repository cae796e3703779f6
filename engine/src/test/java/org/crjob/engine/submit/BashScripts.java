package org.crjob.engine.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.crjob.process.Command;
import org.crjob.process.CommandResult;
import org.crjob.process.ExecCommandRunner;

/** Runs rendered scripts with the real bash. */
final class BashScripts {
    private BashScripts() {
    }

    /** {@code bash -n}: the script parses. */
    static void syntaxCheck(Path file, String script) throws IOException {
        Files.writeString(file, script);
        CommandResult result = run(List.of("bash", "-n", file.toString()), file.getParent(), Map.of());
        assertEquals(0, result.exitCode(), file + " fails bash -n: " + result.stderr() + "\n" + script);
    }

    static CommandResult run(List<String> argv, Path dir, Map<String, String> env) {
        return new ExecCommandRunner().run(Command.of(argv).inDirectory(dir).withEnv(env)
                .withTimeout(Duration.ofSeconds(30)));
    }
}
