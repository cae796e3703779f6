package org.crjob.engine.coordinator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.posix.Posix;

/**
 * Whether the pid a state file names is still the coordinator that wrote it. A pid is only a number: the file may
 * come from a run on another node, or the pid may have been reused since, by any user's process. crjob signals it
 * only when it is provably that coordinator: recorded on this host, the user's own, and started when the
 * coordinator started (the start time in {@code /proc/PID/stat}, which a reused pid cannot have).
 */
final class RecordedCoordinator {

    /** From the JVM's start to the coordinator's {@code startedAt}: seconds, even on a busy node; minutes allowed. */
    private static final Duration STARTUP = Duration.ofMinutes(5);
    /** The kernel's start time is boot time plus ticks: it may lie a little after the wall clock's. */
    private static final Duration CLOCK_SLACK = Duration.ofSeconds(10);

    private RecordedCoordinator() {
    }

    /** Why the process {@code info} names is not (or not provably) its coordinator; empty when it is. */
    static Optional<String> whyNotIt(CoordinatorInfo info) {
        String here = CoordinatorHostName.local();
        if (!info.host().equals(here)) {
            return Optional.of("it was recorded on " + info.host() + ", not on this host (" + here + ")");
        }
        Optional<ProcessHandle> process = ProcessHandle.of(info.pid());
        Optional<Instant> started = process.flatMap(p -> p.info().startInstant());
        if (started.isEmpty()) {
            return Optional.of("no process " + info.pid() + " whose start time can be read");
        }
        Optional<Integer> owner = ownerOf(info.pid());
        if (owner.isEmpty() || owner.get() != Posix.getuid()) {
            return Optional.of("process " + info.pid() + " is not yours");
        }
        Instant recorded = info.startedAt();
        if (started.get().isAfter(recorded.plus(CLOCK_SLACK)) || started.get().isBefore(recorded.minus(STARTUP))) {
            return Optional.of("process " + info.pid() + " started at " + started.get() + ", the coordinator at "
                    + recorded + ": the pid was reused");
        }
        return Optional.empty();
    }

    private static Optional<Integer> ownerOf(int pid) {
        try {
            return Optional.of((Integer) Files.getAttribute(Path.of("/proc", Integer.toString(pid)), "unix:uid"));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }
}
