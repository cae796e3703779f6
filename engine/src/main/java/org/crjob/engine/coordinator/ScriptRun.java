package org.crjob.engine.coordinator;

import java.util.Map;
import java.util.Optional;
import org.crjob.engine.CheckpointEngine;
import org.crjob.engine.jobfiles.EventLog;
import org.crjob.engine.jobfiles.RunEvents;
import org.crjob.joblog.JobLog;
import org.crjob.slurm.InvalidTimeBudgetException;
import org.crjob.slurm.JobEnv;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.Slurm;
import org.crjob.slurm.SlurmTime;
import org.crjob.slurm.TimeBudget;

/**
 * The run of a job script that drives crjob itself ({@code crjob start-coordinator}, then {@code crjob launch} or
 * {@code restart}), as its detached coordinator records it: {@code run-start} when the coordinator starts in the
 * job, {@code run-end} when the application ends by itself (finished, failed, or its engine failed under it). A run
 * the script ends for a requeue is ended by {@code crjob requeue} (ScriptRequeue); one that dies hard gets none.
 * Each is recorded only when the log lacks it: a second coordinator in the same run, or crjob run's own records,
 * are not doubled.
 */
final class ScriptRun {
    private final String jobId;
    private final int run;
    private final EventLog events;

    private ScriptRun(String jobId, int run, EventLog events) {
        this.jobId = jobId;
        this.run = run;
        this.events = events;
    }

    /** The run of the Slurm job the coordinator serves, when it runs in that job; none outside one. */
    static Optional<ScriptRun> of(CoordinatorConfig config, Map<String, String> jobEnv, EventLog events) {
        JobEnv env = new JobEnv(jobEnv);
        return env.jobId().filter(config.jobId()::equals)
                .map(id -> new ScriptRun(id, env.restartCount() + 1, events));
    }

    /** The job as Slurm has it, for run-start; empty (and said) when Slurm cannot tell: the run goes on. */
    Optional<JobInfo> job(Slurm slurm, JobLog log) {
        try {
            return Optional.of(slurm.showJob(jobId));
        } catch (RuntimeException e) {
            log.event("run " + run + "'s start is recorded without its limit and budget: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** {@code run-start}, unless this run has one. */
    void started(Optional<JobInfo> job) {
        if (RunEvents.recorded(events, run).started()) {
            return;
        }
        RunEvents.start(events, run, jobId, CoordinatorHostName.local(), job, job.flatMap(ScriptRun::budgetLeft),
                Optional.empty());
    }

    /** {@code run-end} for an application that ended by itself with {@code status}, unless this run has one. */
    void applicationEnded(int status, CheckpointEngine engine) {
        if (!RunEvents.recorded(events, run).open()) {
            return;
        }
        String ending = engine.engineFailure(status).isPresent() ? RunEvents.ENGINE_FAILURE
                : status == 0 ? RunEvents.FINISHED : RunEvents.FAILED;
        RunEvents.end(events, run, ending, status, Optional.empty()); // nothing charged: the script's run goes on
    }

    private static Optional<SlurmTime> budgetLeft(JobInfo job) {
        try {
            return TimeBudget.fromComment(job.comment()).remaining();
        } catch (InvalidTimeBudgetException notATime) {
            return Optional.empty();
        }
    }
}
