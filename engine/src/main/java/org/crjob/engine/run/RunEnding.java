package org.crjob.engine.run;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.crjob.engine.CheckpointEngine;
import org.crjob.engine.CheckpointFailedException;
import org.crjob.engine.CheckpointOutcome;
import org.crjob.engine.coordinator.Coordinator;
import org.crjob.engine.jobfiles.EventLog;
import org.crjob.engine.jobfiles.RunEvents;
import org.crjob.engine.store.CheckpointStore;
import org.crjob.joblog.JobLog;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.Slurm;
import org.crjob.slurm.SlurmCommandException;
import org.crjob.slurm.SlurmTime;
import org.crjob.slurm.TimeBudget;

/**
 * How one run of a variable-time job ends, decided from evidence: the application's end (as the coordinator judged
 * it: finished, or an engine failure), or a trigger (Slurm's signal, crjob's deadline, preemption, TERM) that comes
 * first. On a trigger it checkpoints at once, with no Slurm call before it; then it stops the application, asks Slurm
 * what a TERM was, charges the run, and requeues the job when the budget and the requeue limit allow. It records the
 * run's end ({@code run-end}) in the job's events, once, with the ending a report reads.
 */
final class RunEnding {
    private final RunOptions options;
    private final Slurm slurm;
    private final JobRequeue requeue;
    private final EventLog events;
    private final JobLog log;
    private final Coordinator coordinator;
    private final CheckpointEngine engine;
    private final CheckpointStore store;
    private final boolean leadWarned;

    RunEnding(RunOptions options, Slurm slurm, JobRequeue requeue, EventLog events, JobLog log,
              Coordinator coordinator, CheckpointEngine engine, CheckpointStore store, boolean leadWarned) {
        this.options = options;
        this.slurm = slurm;
        this.requeue = requeue;
        this.events = events;
        this.log = log;
        this.coordinator = coordinator;
        this.engine = engine;
        this.store = store;
        this.leadWarned = leadWarned;
    }

    /**
     * @param app      the application's run: completes with its last exit status once its work ends
     * @param trigger  completes with the first trigger
     * @param job      the job as it was when this run started
     * @param restarts how many times the job was requeued before this run
     */
    RunResult await(CompletableFuture<Integer> app, CompletableFuture<Trigger> trigger, JobInfo job, int restarts) {
        Ended ended;
        try {
            ended = decide(app, trigger, job, restarts);
        } catch (RuntimeException e) {
            recordEnd(restarts, RunEvents.FAILED, null); // the application could not even be started, or crjob failed
            throw e;
        }
        recordEnd(restarts, ended.ending(), ended.result().appStatus());
        return ended.result();
    }

    /** The application could not be started (no checkpoint that restores, a command that is not there). */
    void startFailed(int restarts) {
        recordEnd(restarts, RunEvents.FAILED, null);
    }

    /** A run's result, and its ending as the {@code run-end} event names it. */
    private record Ended(RunResult result, String ending) {
        static Ended requeueDecided(RequeueDecision decision, int status, String notRequeued) {
            String ending = decision.ending(notRequeued);
            return new Ended(new RunResult(decision.requeue() ? RunResult.Ending.REQUEUED
                    : RunResult.Ending.NOT_REQUEUED, status, decision.why()), ending);
        }
    }

    private void recordEnd(int restarts, String ending, Integer status) {
        RunEvents.end(events, restarts + 1, ending, status, requeue.charged());
    }

    private Ended decide(CompletableFuture<Integer> app, CompletableFuture<Trigger> trigger, JobInfo job,
                         int restarts) {
        awaitEither(app, trigger);
        if (!trigger.isDone()) {
            int status = app.join();
            Optional<String> engineFailed = engine.engineFailure(status);
            if (engineFailed.isPresent()) {
                return engineFailed(engineFailed.get(), job, restarts, status);
            }
            return applicationExited(job, status);
        }
        return end(trigger.join(), job, restarts, app);
    }

    /** The application's end or a trigger, whichever comes first; the launcher's own failure as it is. */
    private static void awaitEither(CompletableFuture<Integer> app, CompletableFuture<Trigger> trigger) {
        try {
            CompletableFuture.anyOf(app, trigger).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause; // e.g. the command cannot be started: a message for the user
            }
            throw e;
        }
    }

    private Ended applicationExited(JobInfo job, int status) {
        TimeBudget left = requeue.chargeOnly(job);
        String why = "the application exited with status " + status + " after "
                + SlurmTime.of(requeue.ran(job)).format() + "; not requeued"
                + (left.isSet() ? " (" + left + " of the budget left)" : "");
        log.event(why);
        return new Ended(new RunResult(RunResult.Ending.APPLICATION_EXITED, status, why),
                status == 0 ? RunEvents.FINISHED : RunEvents.FAILED);
    }

    /**
     * The engine failed under the application (DMTCP's coordinator killed: every process of the computation exits
     * with DMTCP_FAIL_RC). The work is not finished, so this is not the application's end: when this run stored a
     * checkpoint of its own, the job is requeued to restart from the newest generation that verifies. A run that
     * stored none is not requeued, so a DMTCP that fails at every restart does not requeue the job over and over.
     */
    private Ended engineFailed(String why, JobInfo job, int restarts, int status) {
        log.event(why);
        events.append("engine-failure", EventLog.fields("error", why));
        boolean progressed = coordinator.status().checkpointsTaken() > 0;
        if (!progressed) {
            TimeBudget left = requeue.chargeOnly(job);
            String end = "this run stored no checkpoint before the engine failed: not requeued"
                    + (left.isSet() ? " (" + left + " of the budget left)" : "");
            log.event(end);
            return new Ended(new RunResult(RunResult.Ending.NOT_REQUEUED, status, end), RunEvents.ENGINE_FAILURE);
        }
        store.finishHashing(); // before the requeue, which may end this process: a hash not recorded now never is
        RequeueDecision decision = requeue.charge(job, restarts, store.newestVerified(log).isPresent());
        return Ended.requeueDecided(decision, status, RunEvents.ENGINE_FAILURE);
    }

    private Ended end(Trigger fired, JobInfo job, int restarts, CompletableFuture<Integer> app) {
        // Slurm kills the job KillWait (30 s by default) after a TERM, and a swamped controller may take longer to
        // answer: a TERM is told apart (time limit, preemption, cancel) only after the checkpoint is taken
        CompletableFuture<Trigger> told = fired.kind() == Trigger.Kind.TERMINATED
                ? Background.run("crjob-why-term", () -> whyTerm(fired, job)) : CompletableFuture.completedFuture(fired);
        Duration left = job.endTime().map(e -> Duration.between(fired.at(), e)).orElse(Duration.ZERO);
        log.event(fired.describe() + " with " + SlurmTime.of(left.isNegative() ? Duration.ZERO : left).format()
                + " left: checkpointing");
        warnIfLeadTooShort(fired, left);
        // The signal may come as the application finishes (found by bench/scale: such a job FAILED, "no checkpoint
        // to restart from", although its work was done). Finished before the checkpoint began, or gone before its
        // signal reached it: its work is done, and a checkpoint would only make the job run it again.
        if (finishedOnItsOwn(Duration.ZERO)) {
            return finishedAsTheCheckpointBegan(job, app);
        }
        boolean checkpointed = checkpoint(fired);
        // a checkpoint that failed on an application already reaped (ESRCH): its exit is reported a moment later
        if (!checkpointed && finishedOnItsOwn(Duration.ofSeconds(1))) {
            return finishedAsTheCheckpointBegan(job, app);
        }
        if (!told.isDone()) {
            log.event("asking Slurm why TERM came; should the job end before Slurm answers, the checkpoint is kept"
                    + " and a requeue (scontrol requeue " + job.ref() + ") restarts from it");
        }
        store.finishHashing(); // before the requeue, which may end this process: a hash not recorded now never is
        boolean restartable = checkpointed || store.newestVerified(log).isPresent();
        coordinator.stopApplication();
        int status = app.join();
        Trigger cause = told.join();
        if (cause != fired) {
            log.event("Slurm's view of the job: " + cause.describe());
        }
        if (!cause.wantsRequeue(options.onPreempt())) {
            String why = (cause.kind() == Trigger.Kind.PREEMPTED ? "preempted: not requeued (--on-preempt stop)"
                    : "ended by TERM (scancel, or Slurm ending the job): not requeued")
                    + (restartable ? "; the checkpoint is kept for a later restart" : "");
            log.event(why);
            chargeIfSlurmStillLets(job);
            return new Ended(new RunResult(RunResult.Ending.CANCELLED, status, why), RunEvents.STOPPED);
        }
        return requeue(job, restarts, restartable, status);
    }

    private Ended requeue(JobInfo job, int restarts, boolean restartable, int status) {
        RequeueDecision decision;
        try {
            decision = requeue.charge(job, restarts, restartable);
        } catch (SlurmCommandException e) {
            String why = "the requeue failed, so the job ends here: " + e.getMessage() + ". The checkpoint is kept:"
                    + " requeue the job (scontrol requeue " + job.ref() + ") or submit it again, and it restarts"
                    + " from there";
            log.event(why);
            return new Ended(new RunResult(RunResult.Ending.REQUEUE_FAILED, status, why), RunEvents.FAILED);
        }
        return Ended.requeueDecided(decision, status, RunEvents.FAILED);
    }

    /** Its work is done: an exit of status 0 that was not an answer to a checkpoint (a save-and-quit). */
    private boolean finishedOnItsOwn(Duration patience) {
        return coordinator.awaitApplicationFinished(patience).filter(status -> status == 0).isPresent();
    }

    private Ended finishedAsTheCheckpointBegan(JobInfo job, CompletableFuture<Integer> app) {
        log.event("the application had finished (status 0) as the checkpoint began: none is needed");
        return applicationExited(job, app.join());
    }

    /** A cancelled job may already be over for Slurm, which then refuses any update: say so, and end. */
    private void chargeIfSlurmStillLets(JobInfo job) {
        try {
            requeue.chargeOnly(job);
        } catch (SlurmCommandException e) {
            log.event("this run is not charged to the budget in Comment: " + e.getMessage());
        }
    }

    /** A TERM: Slurm's own view of the job says whether it is preemption, the time limit, or a cancel. */
    private Trigger whyTerm(Trigger term, JobInfo job) {
        try {
            return term.ofTerm(slurm.showJob(job.ref()));
        } catch (RuntimeException e) {
            log.event("TERM came, and Slurm cannot say why (" + e.getMessage() + "): taking it for a cancel");
            return term.ofTerm(job);
        }
    }

    private boolean checkpoint(Trigger cause) {
        try {
            CheckpointOutcome outcome = coordinator.checkpointAndStop(cause.reason());
            log.event("checkpoint " + outcome.generation() + " done: " + outcome.bytes() + " bytes in "
                    + String.format(Locale.ROOT, "%.1f", outcome.seconds()) + " s");
            return true;
        } catch (CheckpointFailedException e) {
            log.event(e.getMessage());
            return false;
        }
    }

    /** Slurm's signal came later than a checkpoint takes: say so once, with the numbers. */
    private void warnIfLeadTooShort(Trigger cause, Duration left) {
        if (leadWarned || cause.kind() != Trigger.Kind.PRE_TERMINATION_SIGNAL || store.generations().isEmpty()) {
            return;
        }
        Duration needed = options.deadline().lead(options.deadline().expectedCheckpoint(store.generations()));
        if (left.compareTo(needed) < 0) {
            log.warning("the signal came " + left.toSeconds() + " s before the time limit, but a checkpoint"
                    + " here needs about " + needed.toSeconds() + " s (measured, with a safety margin): ask for more"
                    + " with #SBATCH --signal=B:" + options.onSignal().name() + "@" + needed.toSeconds());
        }
    }
}
