package org.crjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user running crjob in a directory they cannot write to gets the system's reason and an exit code of a state to
 * fix (3), not "internal error" (issue 18, item 8). Run as a second user (root ignores permissions): the packaged
 * crjob.jar under runuser.
 */
class PermissionErrorsIT {
    private static final Path JAR = Path.of(System.getProperty("crjob.jar"));
    private static final String USER = "crjob-eve";

    @TempDir
    Path dir;

    record Result(int exitCode, String err) { }

    @BeforeAll
    static void aSecondUser() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run as a second user");
        if (new ProcessBuilder("id", USER).start().waitFor() != 0) {
            assertEquals(0, new ProcessBuilder("useradd", "-M", "-s", "/bin/bash", USER).inheritIO().start().waitFor());
        }
    }

    @Test
    void startCoordinatorInADirectoryTheUserCannotWriteSaysPermissionDenied() throws Exception {
        Path notTheirs = readableByAllWritableByRootOnly();

        Result result = asTheSecondUser(notTheirs, "start-coordinator");

        assertEquals(ExitCode.UNEXPECTED_STATE, result.exitCode(), result.err());
        assertTrue(result.err().contains("permission denied"), result.err());
    }

    @Test
    void newInADirectoryTheUserCannotWriteSaysPermissionDenied() throws Exception {
        Path notTheirs = readableByAllWritableByRootOnly();

        Result result = asTheSecondUser(notTheirs, "new");

        assertEquals(ExitCode.UNEXPECTED_STATE, result.exitCode(), result.err());
        assertTrue(result.err().contains("job.yaml: permission denied"), result.err());
    }

    private Path readableByAllWritableByRootOnly() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path notTheirs = Files.createDirectory(dir.resolve("project"));
        Files.setPosixFilePermissions(notTheirs, PosixFilePermissions.fromString("rwxr-xr-x"));
        return notTheirs;
    }

    private Result asTheSecondUser(Path workDir, String... args) throws Exception {
        Path err = Files.createTempFile(dir, "err", ".txt");
        Files.setPosixFilePermissions(err, PosixFilePermissions.fromString("rw-rw-rw-"));
        List<String> command = new ArrayList<>(List.of("runuser", "-u", USER, "--", "env", "CRJOB_JOB_ID=perm-it",
                "HOME=" + dir, "java", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("crjob " + String.join(" ", args) + " did not end within 60 s");
        }
        return new Result(process.exitValue(), Files.readString(err));
    }
}
