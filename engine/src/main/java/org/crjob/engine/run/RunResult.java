package org.crjob.engine.run;

/**
 * How a {@code crjob run} ended.
 *
 * @param appStatus the application's exit status when it ended on its own; otherwise what it was stopped with
 * @param why       the one line the log ends with
 */
public record RunResult(Ending ending, int appStatus, String why) {

    public enum Ending {
        /** The application exited on its own: its status is the run's. */
        APPLICATION_EXITED,
        /** Checkpointed and back in the queue. */
        REQUEUED,
        /** Checkpointed (or not) but not requeued: budget or requeue limit reached, or no checkpoint. */
        NOT_REQUEUED,
        /** Checkpointed, but Slurm refused the requeue (its message is in the log); the checkpoint is kept. */
        REQUEUE_FAILED,
        /** Ended by a TERM that was not the time limit (scancel): checkpointed if there was time, not requeued. */
        CANCELLED
    }
}
