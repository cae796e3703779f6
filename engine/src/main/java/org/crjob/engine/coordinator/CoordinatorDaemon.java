package org.crjob.engine.coordinator;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.crjob.engine.jobfiles.EventLog;
import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.engine.store.CheckpointStore;
import org.crjob.joblog.JobLog;
import org.crjob.joblog.JobLogLines;
import org.crjob.posix.Posix;
import org.crjob.process.ExecCommandRunner;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.Slurm;
import org.crjob.slurm.SlurmCommands;

/**
 * The detached coordinator process: {@code java -cp crjob.jar org.crjob.engine.coordinator.CoordinatorDaemon
 * <start-file>}. It serves the protocol ({@link CoordinatorHost}) until told to stop, or until the
 * application exits when so configured, and removes its state file when it ends cleanly.
 */
public final class CoordinatorDaemon {

    /**
     * How long a new coordinator waits for the store of an ended job's coordinator, which notices the end within
     * JobGuardian's 5 s and then stops; within start-coordinator's 30 s wait for the daemon.
     */
    private static final Duration STORE_PATIENCE = Duration.ofSeconds(20);

    /** How long the job's own scontrol show job may take, for its run-start: within start-coordinator's wait. */
    private static final Duration SLURM_PATIENCE = Duration.ofSeconds(5);

    /** The daemon's stderr is its log file, which start-coordinator quotes when the daemon fails to start. */
    private static final JobLog LOG = new JobLogLines("crjob coordinator", new PrintWriter(System.err, true),
            Clock.systemDefaultZone(), Boolean.getBoolean("crjob.verbose"));

    private CoordinatorDaemon() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("crjob coordinator: usage: CoordinatorDaemon <start-file>; started by crjob start-coordinator");
            System.exit(2);
        }
        // Our own session: the shell that started us may exit or get a hangup; we stay.
        Posix.setsid();
        // Children of ours (dmtcp_coordinator) that get orphaned stay ours to end.
        Posix.setChildSubreaper(true);
        try {
            System.exit(serve(DaemonConfig.read(Path.of(args[0])), System.getenv()));
        } catch (RuntimeException e) {
            // one line for the starter to show (it quotes the end of this log); details only when asked
            LOG.event("cannot run: " + e.getMessage());
            if (Boolean.getBoolean("crjob.verbose")) {
                e.printStackTrace();
            }
            System.exit(1);
        }
    }

    /** @param jobEnv the daemon's environment, the job script's that started it */
    static int serve(DaemonConfig daemon, Map<String, String> jobEnv) {
        CoordinatorConfig config = daemon.coordinatorConfig();
        JobPaths paths = new JobPaths(config.workDir(), config.jobId());
        EventLog events = new EventLog(paths.eventsFile(), LOG);
        Optional<ScriptRun> run = ScriptRun.of(config, jobEnv, events);
        // asked before the coordinator is up: once it is, the script's crjob launch may come at once
        Slurm slurm = new SlurmCommands(new ExecCommandRunner(), null, SLURM_PATIENCE);
        Optional<JobInfo> job = run.flatMap(r -> r.job(slurm, LOG));
        String owner = "job " + config.jobId() + " on host " + CoordinatorHostName.local() + " pid " + Posix.getpid();
        try (CoordinatorStack stack = CoordinatorStack.open(config, jobEnv, owner, events, daemon.port(),
                STORE_PATIENCE, Clock.systemUTC(), LOG)) {
            Coordinator coordinator = stack.coordinator();
            run.ifPresent(r -> {
                r.started(job);
                coordinator.whenApplicationEndsByItself(status -> r.applicationEnded(status, stack.engine()));
            });
            CheckpointStore store = stack.store();
            CoordinatorHost host = stack.host();
            // on TERM (a requeue, the job's end) the hash of the last checkpoint's images is finished before the JVM
            // halts (Slurm's KillWait leaves time): a hash not recorded by this writer is never recorded
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                coordinator.close();
                store.finishHashing();
            }, "crjob-coordinator-stop"));
            JobGuardian.watch(daemon.guardian(), coordinator);
            LOG.event("coordinator for job " + config.jobId() + " listening on " + host.info().host() + ":"
                    + host.info().port());
            String why = coordinator.stopped().join();
            LOG.event("coordinator stopped: " + why);
        }
        return 0;
    }
}
