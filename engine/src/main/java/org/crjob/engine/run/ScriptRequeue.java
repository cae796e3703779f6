package org.crjob.engine.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.crjob.engine.jobfiles.EventLog;
import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.engine.jobfiles.RunEvents;
import org.crjob.engine.store.CheckpointStore;
import org.crjob.engine.store.Generation;
import org.crjob.joblog.JobLog;
import org.crjob.posix.PrivatePaths;
import org.crjob.posix.Signal;
import org.crjob.posix.SignalTrap;
import org.crjob.slurm.JobEnv;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.NotInSlurmJobException;
import org.crjob.slurm.Slurm;
import org.crjob.slurm.SlurmCommandException;

/**
 * {@code crjob requeue}: the requeue a job script asks for after its own checkpoint (nersc_cr's func_trap), or
 * only whether one is possible (parse_job, {@code --check}). {@link JobRequeue} charges, decides and requeues.
 */
public final class ScriptRequeue {
    private final Slurm slurm;
    private final RequeuePolicy policy;
    private final JobEnv env;
    private final Clock clock;
    private final Path workDir;
    private final JobLog log;

    /** @param workDir the job script's directory: its coordinator's events.jsonl, if it has one, records the requeue */
    public ScriptRequeue(Slurm slurm, RequeuePolicy policy, JobEnv env, Clock clock, Path workDir, JobLog log) {
        this.slurm = slurm;
        this.policy = policy;
        this.env = env;
        this.clock = clock;
        this.workDir = workDir;
        this.log = log;
    }

    /** Charges nothing and changes nothing: whether the budget left allows a useful run after a requeue. */
    public boolean check() {
        return new JobRequeue(slurm, policy, log, clock).check(job(), env.restartCount()).requeue();
    }

    /**
     * Charges this run to the budget, decides, and requeues the job when a further run is worth it.
     *
     * @param failedCheckpointStore where the generations are, when the checkpoint before this requeue failed: the job
     *                              is requeued only if one of them verifies
     * @return whether the job was requeued
     */
    public boolean charge(Optional<Path> failedCheckpointStore) {
        JobInfo job = job();
        boolean restartable = true;
        String prefix = "";
        if (failedCheckpointStore.isPresent()) {
            Path ckptDir = failedCheckpointStore.get();
            Optional<Generation> good = CheckpointStore.read(ckptDir).newestVerified(log);
            restartable = good.isPresent();
            prefix = good.map(g -> "the checkpoint failed; generation " + g.number() + " in " + ckptDir
                    + " verifies and is what the next run restarts from; ")
                    .orElse("the checkpoint failed and no generation in " + ckptDir + " verifies; ");
        }
        String context = prefix;
        EventLog events = events(job.jobId());
        // one line, printed before scontrol requeue: Slurm ends the job's processes (this one too) right after it
        JobRequeue requeue = new JobRequeue(slurm, policy, events, log.about(context), clock);
        // Slurm's TERM after the requeue would end this JVM before the run's end is written; its KILL comes
        // KillWait (30 s by default) later, as crjob run has it
        SignalTrap.on(Signal.TERM, ignored -> { });
        try {
            return chargeAndEndRun(requeue, job, restartable, events);
        } finally {
            SignalTrap.reset(Signal.TERM);
        }
    }

    private boolean chargeAndEndRun(JobRequeue requeue, JobInfo job, boolean restartable, EventLog events) {
        int run = env.restartCount() + 1;
        RequeueDecision decision;
        try {
            decision = requeue.charge(job, env.restartCount(), restartable);
        } catch (SlurmCommandException e) {
            endRun(events, run, RunEvents.FAILED, requeue);
            throw e;
        }
        endRun(events, run, decision.ending(RunEvents.FAILED), requeue);
        return decision.requeue();
    }

    /**
     * The run's {@code run-end}, when its coordinator recorded its {@code run-start} and no {@code run-end} yet (none
     * when its application had finished by itself): the exit status is the application's last recorded exit.
     */
    private static void endRun(EventLog events, int run, String ending, JobRequeue requeue) {
        RunEvents.Recorded recorded = RunEvents.recorded(events, run);
        if (recorded.open()) {
            RunEvents.end(events, run, ending, recorded.exitStatus().orElse(null), requeue.charged());
        }
    }

    /**
     * The job's events.jsonl, where the script's coordinator keeps it in this directory; none when it keeps none here
     * (no coordinator, or one started elsewhere): a requeue does not create the job's directory.
     */
    private EventLog events(String jobId) {
        JobPaths paths = new JobPaths(workDir, jobId);
        try {
            boolean ours = Files.isDirectory(paths.stateDir(), LinkOption.NOFOLLOW_LINKS)
                    && PrivatePaths.whyNotPrivate(paths.stateDir()).isEmpty();
            return ours ? new EventLog(paths.eventsFile(), log) : EventLog.discarding();
        } catch (IOException gone) {
            return EventLog.discarding();
        }
    }

    private JobInfo job() {
        String jobId = env.jobId().orElseThrow(() -> new NotInSlurmJobException("not inside a Slurm job (SLURM_JOB_ID"
                + " is not set): crjob requeue runs in the job's batch script (func_trap and parse_job call it there)"));
        return slurm.showJob(jobId);
    }
}
