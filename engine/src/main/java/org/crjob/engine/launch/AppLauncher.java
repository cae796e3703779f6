package org.crjob.engine.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.crjob.engine.AppSpec;
import org.crjob.engine.ExitVerdict;
import org.crjob.concurrent.Poll;
import org.crjob.failure.InvalidValueException;
import org.crjob.posix.PosixException;
import org.crjob.process.ProcessEnd;
import org.crjob.posix.Posix;
import org.crjob.posix.Signal;

/**
 * Runs the application for {@code crjob launch} and {@code crjob restart}: in a session (and process
 * group) of its own so the coordinator can signal all of it, with the launcher's stdin, stdout and
 * stderr (the job's output files), registered with the coordinator; then waits for it and returns its
 * exit status, after making sure no process it started is left behind.
 */
public final class AppLauncher {
    /** How long what the application left running gets after TERM before KILL. */
    private static final Duration CLEANUP_GRACE = Duration.ofSeconds(5);
    private static final Duration KILL_LANDS = Duration.ofSeconds(2);
    private static final Poll GONE_POLL = Poll.every(Duration.ofMillis(100));
    /** The applications started by any launcher in this JVM whose exit is not yet known. */
    private static final Set<Integer> RUNNING = ConcurrentHashMap.newKeySet();

    private final AppRegistry registry;

    public AppLauncher(AppRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param env extra environment for the application (CRJOB_* variables)
     * @return the application's exit status, 128 + N when a signal N ended it (as a shell reports it)
     */
    public int run(AppSpec spec, Map<String, String> env, Path workDir) {
        return run(spec, spec.command(), env, workDir);
    }

    /**
     * Runs {@code argv} (the engine's command for the application, e.g. {@code dmtcp_launch ... CMD}) and
     * registers it as {@code spec}, whose command is what a later restart records and runs again.
     *
     * @param env extra environment for the application (CRJOB_* variables, the engine's own)
     * @return the exit status of {@code argv}, 128 + N when a signal N ended it (as a shell reports it)
     */
    public int run(AppSpec spec, List<String> argv, Map<String, String> env, Path workDir) {
        return launch(spec, argv, env, workDir).status();
    }

    /**
     * As {@link #run(AppSpec, java.util.List, Map, Path)}, with what the coordinator made of the exit: whether the
     * application saved and quit, to be started again from its checkpoint.
     */
    public AppExit launch(AppSpec spec, List<String> argv, Map<String, String> env, Path workDir) {
        // Orphans of the application (a daemonised helper) are re-parented to us instead of init,
        // so they can be found and ended below.
        Posix.setChildSubreaper(true);
        Process process = start(argv, env, workDir);
        int pid = (int) process.pid();
        RUNNING.add(pid);
        Thread forwarder = new Thread(() -> endGroup(pid), "crjob-launch-shutdown");
        Runtime.getRuntime().addShutdownHook(forwarder); // TERM/INT to crjob reach the application too
        int status;
        ExitVerdict verdict;
        try {
            registry.register(spec, pid);
            status = waitFor(process);
            RUNNING.remove(pid); // reaped by the JDK: no longer a child of ours
            // at once, not after the clean-up below (up to its grace time when helpers linger): a checkpoint asked
            // for meanwhile must know the application is gone, not signal a pid that is no more
            verdict = registry.exited(pid, status);
        } catch (RuntimeException e) {
            RUNNING.remove(pid);
            endGroup(pid);
            throw e;
        } finally {
            removeHook(forwarder);
        }
        endGroup(pid);
        endOrphans();
        return new AppExit(status, verdict);
    }

    private static Process start(List<String> argv, Map<String, String> env, Path workDir) {
        requireExecutable(argv.get(0), workDir);
        ProcessBuilder builder = new ProcessBuilder(ProcessTools.isolated(argv)).inheritIO();
        builder.environment().putAll(env);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw new InvalidValueException("cannot start " + argv.get(0) + ": " + e.getMessage()
                    + " (check the path and that it is executable)", e);
        }
    }

    /**
     * The program must be there before anything starts: setsid would start, fail to run it, and leave
     * only an exit status of 127 to say so.
     */
    public static void requireExecutable(String program, Path workDir) {
        boolean found = program.contains("/")
                ? Files.isExecutable((workDir == null ? Path.of("") : workDir).resolve(program))
                : ProcessTools.find(program).isPresent();
        if (!found) {
            throw new InvalidValueException("cannot start " + program + ": " + (program.contains("/")
                    ? "no such file, or not executable (check the path, and chmod +x)"
                    : "not found on PATH (give its path, e.g. ./" + program + ")"));
        }
    }

    private static int waitFor(Process process) {
        while (true) {
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                // keep waiting: the application, not this thread, decides when the run ends
            }
        }
    }

    /** TERM to whatever is left of the application's process group, then KILL after a grace time. */
    private static void endGroup(int pgid) {
        // KILL takes a moment to land: members are reaped only once it has, or they stay zombies of ours
        end(ProcessEnd.group(pgid, () -> groupAlive(pgid), GONE_POLL));
    }

    /**
     * TERM, the grace time, KILL. Interrupted (the JVM shutting down under a clean-up), what is left is KILLed at
     * once: nothing the application started may outlive its run.
     */
    private static void end(ProcessEnd.Target leftovers) {
        try {
            ProcessEnd.end(leftovers, Signal.TERM, CLEANUP_GRACE, KILL_LANDS);
        } catch (InterruptedException e) {
            leftovers.signal(Signal.KILL);
            Thread.currentThread().interrupt();
        }
    }

    /** Members that exited but were adopted by us stay zombies, still in the group, until reaped. */
    private static boolean groupAlive(int pgid) {
        reapAdopted();
        return Posix.isGroupAlive(pgid);
    }

    /**
     * Processes that left the application's group (a setsid of their own) but were re-parented to us as
     * subreaper: TERM, then KILL after the grace time, reaping each as it ends. Only those: the JVM's own
     * children (a Slurm command running at that moment, DMTCP's coordinator) stay in the JVM's session, are
     * not ours to end here, and are reaped by whoever started them.
     */
    private static void endOrphans() {
        end(ProcessEnd.Target.of(AppLauncher::signalAdopted, AppLauncher::anyAdoptedLeft, GONE_POLL)); // as endGroup
    }

    /** TERM or KILL to each adopted process; true: whether anyone was there is found by the poll that follows. */
    private static boolean signalAdopted(Signal signal) {
        adopted().forEach(signal == Signal.KILL ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
        return true;
    }

    private static boolean anyAdoptedLeft() {
        reapAdopted();
        return adopted().findAny().isPresent();
    }

    private static void reapAdopted() {
        adopted().forEach(child -> Posix.reapIfZombie((int) child.pid()));
    }

    /**
     * Our children in another session than ours: the application's, adopted by us as subreaper. Not an application
     * a launcher of this JVM started and still waits for: it leads a session of its own too, and once the exit of
     * the one before is reported (before this clean-up), the next may already run (found by SignalEngineRunTest).
     */
    private static Stream<ProcessHandle> adopted() {
        int ours = Posix.getsid(0);
        return ProcessHandle.current().children()
                .filter(child -> !RUNNING.contains((int) child.pid()) && sessionOf(child) != ours);
    }

    private static int sessionOf(ProcessHandle child) {
        try {
            return Posix.getsid((int) child.pid());
        } catch (PosixException e) {
            return -1; // gone (or reaped meanwhile): nothing to end, and nothing that is ours
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and the hook is running
        }
    }
}
