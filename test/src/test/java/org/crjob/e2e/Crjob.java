package org.crjob.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs crjob as a user does, as its own process: {@code <repo>/bin/crjob}, which runs the packaged
 * cr-cli/target/crjob.jar. The process starts from the test's environment without any {@code CRJOB_*} or
 * Slurm job variable, so it knows of a job only what its arguments say: it is "outside the job".
 */
final class Crjob {
    /** The checkout: the tests run in {@code <repo>/test}. */
    static final Path REPO = Path.of("").toAbsolutePath().getParent();
    static final Path LAUNCHER = REPO.resolve("bin/crjob");
    static final Path JAR = REPO.resolve("cr-cli/target/crjob.jar");
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    private Crjob() {
    }

    /** Fails with what to do when crjob.jar has not been built (the reactor builds it at package, before us). */
    static void requireBuilt() {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("no " + JAR + ": these tests run the packaged crjob; build it first"
                    + " (mvn -B -q install -DskipTests, or run the whole reactor with mvn verify)");
        }
    }

    /**
     * A PATH on which a job finds crjob as a user has it: {@code bin}, where this links crjob to bin/crjob, then
     * the tests' own PATH. It holds no comma, so that it can go through {@code sbatch --export}.
     */
    static String pathWithCrjobIn(Path bin) throws IOException {
        Files.createSymbolicLink(bin.resolve("crjob"), LAUNCHER);
        String path = bin + ":" + System.getenv("PATH");
        assertFalse(path.contains(","), "PATH cannot go through sbatch --export with a comma in it: " + path);
        return path;
    }

    /** {@code bin/crjob ARGS} from {@code cwd}. */
    static Result run(Path cwd, String... args) {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        return exec(command, cwd, Map.of());
    }

    /** Any command (a wrapper crjob wrote, java itself) from {@code cwd}, with {@code env} added. */
    static Result exec(List<String> command, Path cwd, Map<String, String> env) {
        try {
            Path out = Files.createTempFile("crjob-e2e", ".out");
            Path err = Files.createTempFile("crjob-e2e", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(cwd.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                builder.environment().keySet().removeIf(name -> name.startsWith("CRJOB_")
                        || name.startsWith("SLURM_") && !name.equals("SLURM_CONF"));
                builder.environment().putAll(env);
                Process process = builder.start();
                if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + TIMEOUT.toSeconds()
                            + " s; it printed:\n" + Files.readString(out) + Files.readString(err));
                }
                return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }
}
