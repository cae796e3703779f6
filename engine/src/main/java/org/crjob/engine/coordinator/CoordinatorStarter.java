package org.crjob.engine.coordinator;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crjob.concurrent.Deadline;
import org.crjob.concurrent.Poll;
import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.engine.jobfiles.StateFile;
import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.failure.IoReasons;
import org.crjob.failure.UnexpectedStateException;
import org.crjob.posix.Posix;
import org.crjob.posix.Signal;
import org.crjob.process.ProcessEnd;

/**
 * Starts the coordinator as a detached process ({@code crjob start-coordinator}) and returns once it
 * listens and its state file is written; refuses when the job already has a live one.
 */
public final class CoordinatorStarter {
    /**
     * Small and quick to start: the daemon holds metadata, never the job's data, and lives on the job's
     * node inside its memory limit. Measured idle RSS (bench/store-and-coordinator): 69 MiB without the
     * second line, 55 MiB with it. -Xms4m: the default initial heap is 1/64 of the node's memory.
     * C2 stays on (no TieredStopAtLevel=1): the daemon hashes every checkpoint it stores, and SHA-256 runs at
     * ~120 MB/s in C1-compiled code against ~1.2 GB/s with C2's SHA intrinsics (bench/dmtcp-checkpoint:
     * 4x a bare DMTCP checkpoint of 256 MiB before, see bench/README.md); idle RSS 58 MiB instead of 53.
     */
    private static final List<String> DAEMON_JVM_FLAGS = List.of(
            "-XX:+UseSerialGC", "-Xshare:auto", "-XX:-UsePerfData", "-Xss512k", "-Xmx64m",
            "-Xms4m", "-XX:ReservedCodeCacheSize=8m", "-XX:MaxMetaspaceSize=48m", "-XX:CICompilerCount=2");

    private static final String START_FILE = "daemon-start.json";
    /** How long a requeued job's leftover coordinator gets after TERM before KILL. */
    private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(10);
    private static final Poll POLL = Poll.every(Duration.ofMillis(50));

    private CoordinatorStarter() {
    }

    public static CoordinatorInfo start(CoordinatorConfig config, int port, Duration readyTimeout) {
        JobPaths paths = new JobPaths(config.workDir(), config.jobId());
        try {
            paths.createStateDir();
            refuseIfRunning(paths);
        } catch (IOException e) {
            throw new UnexpectedStateException("cannot set up the coordinator's files in " + paths.stateDir() + ": "
                    + IoReasons.describe(e) + "; start it from a directory you can write to", e);
        }
        Path startFile = paths.stateDir().resolve(START_FILE);
        DaemonConfig.of(config, port, JobGuardian.batchScript().orElse(0L)).write(startFile);
        Process daemon = spawn(startFile, paths.logFile());
        return awaitReady(daemon, paths, readyTimeout);
    }

    private static void refuseIfRunning(JobPaths paths) throws IOException {
        if (!Files.exists(paths.stateFile())) {
            return;
        }
        CoordinatorInfo existing = StateFile.read(paths.stateFile());
        if (RecordedCoordinator.whyNotIt(existing).isPresent()) {
            // another node's run, or a pid reused since: no coordinator of this job to end or to refuse for
            StateFile.delete(paths.stateFile());
            return;
        }
        if (ofAnEndedRun(paths)) {
            endLeftover(existing.pid()); // a requeued job's previous run: its batch script is gone
        }
        if (existing.pid() > 0 && Posix.isAlive(existing.pid())) {
            throw new RequestRefusedException("job " + existing.jobId() + " already has a coordinator (pid "
                    + existing.pid() + " on " + existing.host() + ":" + existing.port() + "); use it, or stop it "
                    + "first with: crjob quit --job " + existing.jobId());
        }
        StateFile.delete(paths.stateFile()); // left by a coordinator that died without cleaning up
    }

    /** The coordinator was started for a batch script that has ended: it is about to stop, or stuck. */
    private static boolean ofAnEndedRun(JobPaths paths) {
        try {
            long guardian = DaemonConfig.read(paths.stateDir().resolve(START_FILE)).guardian();
            return guardian > 0 && !Posix.isAlive((int) guardian);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void endLeftover(int pid) {
        try {
            ProcessEnd.end(ProcessEnd.pid(pid, POLL), Signal.TERM, LEFTOVER_GRACE, Duration.ZERO);
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    private static Process spawn(Path startFile, Path logFile) {
        List<String> argv = new ArrayList<>();
        argv.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        argv.addAll(DAEMON_JVM_FLAGS);
        argv.add("-cp");
        argv.add(System.getProperty("java.class.path"));
        argv.add(CoordinatorDaemon.class.getName());
        argv.add(startFile.toString());
        ProcessBuilder builder = new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectErrorStream(true);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UnexpectedStateException("cannot start the coordinator process (" + argv.get(0) + "): "
                    + e.getMessage(), e);
        }
    }

    private static CoordinatorInfo awaitReady(Process daemon, JobPaths paths, Duration timeout) {
        Deadline deadline = POLL.deadline(timeout);
        while (!deadline.passed()) {
            if (Files.exists(paths.stateFile())) {
                CoordinatorInfo info = StateFile.read(paths.stateFile());
                if (info.pid() == daemon.pid()) {
                    return info;
                }
            }
            if (!daemon.isAlive()) {
                throw new CoordinatorStartException("the coordinator exited with status " + daemon.exitValue()
                        + " before it was ready", paths.logFile());
            }
            pause();
        }
        daemon.destroy();
        throw new CoordinatorStartException("the coordinator was not ready within " + timeout.toSeconds() + " s",
                paths.logFile());
    }

    private static void pause() {
        try {
            POLL.pause();
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    private static IllegalStateException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        return new IllegalStateException("interrupted while starting the coordinator", e);
    }
}
