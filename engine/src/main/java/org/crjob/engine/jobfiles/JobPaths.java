package org.crjob.engine.jobfiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

import org.crjob.engine.protocol.Wire;
import org.crjob.failure.InvalidValueException;
import org.crjob.posix.PrivatePaths;

/**
 * Where one job's crjob files live in its working directory. A requeued job keeps its id, so its
 * restarts find the same directory.
 */
public record JobPaths(Path workDir, String jobId) {

    static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");

    public JobPaths {
        Objects.requireNonNull(workDir, "no workDir");
        // the id becomes a path element: "../x" or "a/b" would put the files somewhere else entirely
        if (jobId == null || !jobId.matches("[A-Za-z0-9_+-]+")) {
            throw new InvalidValueException("job id " + Wire.quote(jobId) + " is not a Slurm job id"
                    + " (digits, with _ or + for array and het jobs); check SLURM_JOB_ID or --job");
        }
    }

    /** {@code <workDir>/.crjob/<jobId>} */
    public Path stateDir() {
        return workDir.resolve(".crjob").resolve(jobId);
    }

    /** {@code <stateDir>/coordinator.json}: host, port, pid, token (0600). */
    public Path stateFile() {
        return stateDir().resolve("coordinator.json");
    }

    /** {@code <stateDir>/events.jsonl}: one JSON line per launch, checkpoint, requeue, restart, exit. */
    public Path eventsFile() {
        return stateDir().resolve("events.jsonl");
    }

    /**
     * {@code <stateDir>/checkpoint.done}: the file an application creates to say "saved" when it was given no other
     * ({@code --done-file}); it reaches the application as {@code $CRJOB_DONE_FILE}.
     */
    public Path doneFile() {
        return stateDir().resolve("checkpoint.done");
    }

    /** {@code <stateDir>/coordinator.log}: the coordinator's own log. */
    public Path logFile() {
        return stateDir().resolve("coordinator.log");
    }

    /** {@code <workDir>/crjob_command.<jobId>}: the wrapper script users run from a login node. */
    public Path commandWrapper() {
        return workDir.resolve("crjob_command." + jobId);
    }

    /**
     * {@code <workDir>/dmtcp_command.<jobId>}: NERSC's login-node wrapper, written for the dmtcp engine, which
     * maps {@code dmtcp_command}'s options onto crjob's commands.
     */
    public Path dmtcpCommandWrapper() {
        return workDir.resolve("dmtcp_command." + jobId);
    }

    /**
     * Creates {@link #stateDir()} (and {@code .crjob}) private to the owner, 0700, and makes an
     * existing one private too: it holds the token. Either one of another user's, or a {@code .crjob} others may
     * write, is refused: what is in it names a pid crjob may signal (issue 18).
     */
    public Path createStateDir() throws IOException {
        Path dir = stateDir();
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
        PrivatePaths.requireOwnAndPrivate(dir.getParent(), "crjob's directory");
        PrivatePaths.requireOwnAndPrivate(dir, "the job's crjob directory");
        // createDirectories leaves an existing directory's mode alone (a requeued job's, or one made
        // by hand), so set it explicitly
        Files.setPosixFilePermissions(dir, PRIVATE_DIR);
        return dir;
    }
}
