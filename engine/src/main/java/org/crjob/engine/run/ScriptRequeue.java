package org.crjob.engine.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.crjob.engine.jobfiles.EventLog;
import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.engine.store.CheckpointStore;
import org.crjob.engine.store.Generation;
import org.crjob.joblog.JobLog;
import org.crjob.posix.PrivatePaths;
import org.crjob.slurm.JobEnv;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.NotInSlurmJobException;
import org.crjob.slurm.Slurm;

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
        // one line, printed before scontrol requeue: Slurm ends the job's processes (this one too) right after it
        JobRequeue requeue = new JobRequeue(slurm, policy, events(job.jobId()), log.about(context), clock);
        return requeue.charge(job, env.restartCount(), restartable).requeue();
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
