package org.crjob.engine.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.crjob.slurm.InvalidTimeBudgetException;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.JobState;
import org.crjob.slurm.SlurmTime;
import org.crjob.slurm.TimeBudget;

/**
 * {@code crjob remaining}: the job's budget as its Comment holds it (charged at the end of each run), and what
 * would be left if the running run ended now.
 *
 * @param comment      the budget in Comment, as charged when the last run ended; empty when none is set
 * @param thisRun      how long the current run has run so far (zero when the job is not running)
 * @param leftIfEndedNow the budget minus this run so far; empty when none is set
 */
public record BudgetReport(String jobId, JobState state, int restarts, Optional<SlurmTime> comment, Duration thisRun,
                           Optional<SlurmTime> leftIfEndedNow, SlurmTime timeLimit, Optional<Instant> endTime) {

    public static BudgetReport of(JobInfo job, Clock clock) {
        TimeBudget budget = TimeBudget.fromComment(job.comment());
        Duration ran = thisRun(job.state(), job.startTime(), clock.instant());
        return new BudgetReport(job.jobId(), job.state(), job.restarts(), budget.remaining(), ran,
                budget.charge(ran).remaining(), job.timeLimit(),
                job.state() == JobState.RUNNING ? job.endTime() : Optional.empty());
    }

    /**
     * What would be left of the budget in {@code comment} if the job's run ended {@code now}; empty without a budget.
     *
     * @throws InvalidTimeBudgetException when the Comment is not a Slurm time
     */
    public static Optional<SlurmTime> leftIfEndedNow(String comment, JobState state, Optional<Instant> started,
            Instant now) {
        return TimeBudget.fromComment(comment).charge(thisRun(state, started, now)).remaining();
    }

    private static Duration thisRun(JobState state, Optional<Instant> started, Instant now) {
        return state == JobState.RUNNING
                ? started.map(s -> Duration.between(s, now)).filter(d -> !d.isNegative()).orElse(Duration.ZERO)
                : Duration.ZERO;
    }

    /** One line for people. */
    public String describe() {
        if (comment.isEmpty()) {
            return "job " + jobId + " has no time budget in its Comment (set one with --comment=5-00:00:00); "
                    + restarts + " restarts so far";
        }
        String left = leftIfEndedNow.orElseThrow().format() + " of the budget left";
        if (state == JobState.RUNNING) {
            left += " if this run ended now (" + comment.get().format() + " in Comment, minus "
                    + SlurmTime.of(thisRun).format() + " of this run so far)";
        }
        return left + "; " + restarts + " restarts so far";
    }
}
