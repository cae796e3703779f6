package org.crjob.neighbour;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Another user on the same machine, for the tests of issue 18 that run an attack as a second uid. The tests run as
 * root: the user is created once ({@code useradd -M crjob-mallory}) and reused; a command runs as it through
 * {@code setpriv}. Outside root the test is skipped, saying why.
 */
public final class SecondUser {

    public static final String NAME = "crjob-mallory";

    private final int uid;
    private final int gid;

    private SecondUser(int uid, int gid) {
        this.uid = uid;
        this.gid = gid;
    }

    /** The second user, created if missing; skips the test unless it runs as root. */
    public static SecondUser mallory() {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "runs an attack as a second user, which needs root to create the user and switch to it");
        Result found = run(List.of("id", "-u", NAME));
        if (found.status() != 0) {
            // another test JVM may be creating it at the same time: only the second look counts
            run(List.of("useradd", "-M", "-N", "-s", "/bin/sh", NAME));
            found = run(List.of("id", "-u", NAME));
        }
        if (found.status() != 0) {
            throw new IllegalStateException("cannot create the user " + NAME + ": " + found.output());
        }
        Result group = run(List.of("id", "-g", NAME));
        return new SecondUser(Integer.parseInt(found.output().strip()), Integer.parseInt(group.output().strip()));
    }

    public int uid() {
        return uid;
    }

    /** Runs {@code command} as this user, in no supplementary group; its output and status. */
    public Result run(String... command) {
        return run(as(command));
    }

    /** Starts {@code command} as this user and returns at once; the test ends it. Its pid is the command's. */
    public Process start(String... command) throws IOException {
        return new ProcessBuilder(as(command)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** Runs {@code script} with {@code sh -c} as this user. */
    public Result sh(String script) {
        return run("sh", "-c", script);
    }

    /**
     * Makes {@code dir} a directory everyone may write (as a project directory with umask 002 and a shared group
     * is, for a user of that group), and its parent one everyone may pass through.
     */
    public static Path shared(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path parent = dir.getParent();
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx--x--x"));
        return dir;
    }

    /** Makes {@code path} this user's (as if it had made it), not what it holds. */
    public void give(Path path) {
        Result done = run(List.of("chown", "-h", uid + ":" + gid, path.toString()));
        if (done.status() != 0) {
            throw new IllegalStateException("chown " + path + ": " + done.output());
        }
    }

    /** Lets every user read {@code dir} and what it holds (as root, for a test's set-up). */
    public static void readableByEveryone(Path dir) {
        Result done = run(List.of("chmod", "-R", "a+rX", dir.toString()));
        if (done.status() != 0) {
            throw new IllegalStateException("chmod -R a+rX " + dir + ": " + done.output());
        }
    }

    private List<String> as(String... command) {
        List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid,
                "--clear-groups", "--"));
        argv.addAll(List.of(command));
        return argv;
    }

    public record Result(int status, String output) {
    }

    private static Result run(List<String> argv) {
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", argv) + " did not end within 60 s");
            }
            return new Result(process.exitValue(), new String(out, UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", argv) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", argv), e);
        }
    }
}
