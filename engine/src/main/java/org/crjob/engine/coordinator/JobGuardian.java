package org.crjob.engine.coordinator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.crjob.concurrent.DaemonThreads;
import org.crjob.posix.Posix;

/**
 * Ties a detached coordinator to its job. Slurm ends a job by signalling the processes it tracks; with
 * proctrack/linuxproc a process that left the job's process tree (our daemon, re-parented to init once
 * the shell that started it is gone) escapes, and would run on after scancel. So the daemon watches the
 * job's batch script and stops when it is gone.
 */
public final class JobGuardian {
    private static final long CHECK_SECONDS = 5;

    private JobGuardian() {
    }

    /** The job's batch script: our ancestor whose parent is slurmstepd; empty outside a Slurm job. */
    public static Optional<Long> batchScript() {
        Optional<ProcessHandle> current = Optional.of(ProcessHandle.current());
        while (current.isPresent()) {
            Optional<ProcessHandle> parent = current.get().parent();
            if (parent.isPresent() && isSlurmstepd(parent.get().pid())) {
                return Optional.of(current.get().pid());
            }
            current = parent;
        }
        return Optional.empty();
    }

    /** By its kernel name: slurmstepd retitles itself ("slurmstepd: [123.batch]"), and exe may be unreadable. */
    private static boolean isSlurmstepd(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip().equals("slurmstepd");
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops {@code coordinator} once {@code guardian} has ended; nothing for guardian 0. */
    static void watch(long guardian, Coordinator coordinator) {
        if (guardian <= 0) {
            return;
        }
        ScheduledExecutorService watcher = DaemonThreads.scheduler("crjob-job-guardian");
        watcher.scheduleAtFixedRate(() -> {
            if (!Posix.isAlive((int) guardian)) {
                coordinator.stopApplicationAndCoordinator("the job's batch script (pid " + guardian + ") has ended");
                watcher.shutdown();
            }
        }, CHECK_SECONDS, CHECK_SECONDS, TimeUnit.SECONDS);
    }
}
