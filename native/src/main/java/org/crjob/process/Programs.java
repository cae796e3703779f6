package org.crjob.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finding programs the way the JVM starts them: a bare name on our PATH, a name with a slash as a path. */
public final class Programs {

    private Programs() {
    }

    /** The first executable {@code program} in a directory of our PATH. */
    public static Optional<Path> find(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * {@code program} as it can be handed to another program to start in {@code workDir} (null: ours): a bare name
     * as the path PATH gives, a name with a slash as it is; empty when there is no such executable.
     */
    static Optional<String> resolve(String program, Path workDir) {
        if (!program.contains("/")) {
            return find(program).map(found -> found.toAbsolutePath().toString());
        }
        Path file = (workDir == null ? Path.of("") : workDir).resolve(program);
        return Files.isExecutable(file) ? Optional.of(program) : Optional.empty();
    }
}
