package org.crjob.engine.jobs;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.crjob.engine.run.BudgetReport;
import org.crjob.engine.run.DeadlinePlan;
import org.crjob.slurm.InvalidTimeBudgetException;
import org.crjob.slurm.QueuedJob;
import org.crjob.slurm.Slurm;
import org.crjob.slurm.SlurmTime;

/**
 * {@code crjob jobs}: the user's jobs that run under crjob, at a glance. One {@code squeue} call for all of them (a
 * hundred jobs cost one call, not a hundred), then each job's own files; a job with neither {@code .crjob/<jobid>/}
 * nor a store is not crjob's and is left out.
 */
public final class JobsOverview {

    private final Slurm slurm;
    private final Clock clock;
    private final JobFiles files;
    private final HealthRules rules;

    /** With crjob run's default deadline plan, by which it estimates a job's next checkpoint. */
    public JobsOverview(Slurm slurm, Clock clock) {
        this(slurm, clock, DeadlinePlan.defaults());
    }

    JobsOverview(Slurm slurm, Clock clock, DeadlinePlan plan) {
        this.slurm = slurm;
        this.clock = clock;
        this.files = new JobFiles(plan);
        this.rules = new HealthRules(plan);
    }

    /** The user's jobs under crjob, as squeue lists them; with {@code withEnded} also the ended ones Slurm recalls. */
    public List<JobRow> list(boolean withEnded) {
        Instant now = clock.instant();
        return slurm.myJobs(withEnded).stream()
                .flatMap(job -> files.read(job).map(view -> row(job, view, now)).stream())
                .toList();
    }

    private JobRow row(QueuedJob job, StoreView view, Instant now) {
        Optional<SlurmTime> left = budgetLeft(job, now);
        return new JobRow(job.ref(), job.jobId(), job.name(), job.state(), job.restarts() + 1, job.restarts(), left,
                view.last(), view.unreadable(), rules.nextDeadline(job, view), rules.judge(job, view, left, now));
    }

    /** A Comment that is not a Slurm time is not a crjob budget: none. */
    private static Optional<SlurmTime> budgetLeft(QueuedJob job, Instant now) {
        try {
            return BudgetReport.leftIfEndedNow(job.comment(), job.state(), job.startTime(), now);
        } catch (InvalidTimeBudgetException e) {
            return Optional.empty();
        }
    }
}
