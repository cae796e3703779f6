package org.crjob.engine.run;

import org.crjob.slurm.JobEnv;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.TimeBudget;

/**
 * The job's own settings that {@code crjob run} cannot work without, checked before it touches anything:
 * a time limit to checkpoint before and, unless it never requeues, a finite budget in Comment and a job Slurm may
 * requeue.
 */
public final class JobSetup {
    private JobSetup() {
    }

    /**
     * crjob run is the job's one voice to Slurm: started once per task under {@code srun -n N}, N copies would
     * each checkpoint, charge and requeue. Refused in every task, before any of them touches anything.
     */
    public static void checkOnePerJob(JobEnv env) {
        if (env.stepId().isPresent() && env.stepTasks() > 1) {
            throw new JobSetupException("crjob run is running as task " + env.procId() + " of " + env.stepTasks()
                    + " of job step " + env.stepId().get() + " (srun -n " + env.stepTasks() + " crjob run ...), but it"
                    + " must run once per job, in the batch script, and start the parallel program itself: write"
                    + " exec crjob run -- srun -n " + env.stepTasks() + " ./sim");
        }
    }

    /**
     * @param requeues whether the run may requeue the job at all: with --max-requeues 0 (a job of a chain,
     *                 say) neither a budget nor Requeue=1 is needed
     * @return the budget in the job's Comment
     */
    public static TimeBudget check(JobInfo job, boolean requeues) {
        TimeBudget budget = TimeBudget.fromComment(job.comment()); // not a time: its own message
        String id = job.jobId();
        if (job.timeLimit().isUnlimited()) {
            throw new JobSetupException("job " + id + " has no time limit (TimeLimit=UNLIMITED), so there is no"
                    + " limit to checkpoint before and nothing to requeue for: submit with a limit, e.g. #SBATCH"
                    + " -t 12:00:00, or run the program without crjob run");
        }
        if (!requeues) {
            return budget;
        }
        if (!budget.isSet()) {
            throw new JobSetupException("job " + id + " has no time budget in its Comment: crjob run keeps there the"
                    + " total time the work may take, and charges each run to it. Submit with #SBATCH"
                    + " --comment=TOTAL (e.g. --comment=5-00:00:00 for five days), or set it now:"
                    + " scontrol update JobId=" + id + " Comment=5-00:00:00");
        }
        if (budget.remaining().orElseThrow().isUnlimited()) {
            throw new JobSetupException("job " + id + " has the budget " + job.comment() + " in its Comment, but the"
                    + " budget must be a finite time, or the job would requeue itself forever: give the total the"
                    + " work may take, e.g. --comment=5-00:00:00");
        }
        if (!job.requeue()) {
            throw new JobSetupException("job " + id + " may not be requeued (Requeue=0: submitted with --no-requeue,"
                    + " or the cluster's default), so Slurm would refuse the requeue after the checkpoint: submit"
                    + " with #SBATCH --requeue");
        }
        return budget;
    }
}
