package org.crjob.joblog;

import java.time.Instant;

/**
 * Where a job's messages go, each with its severity: what happened ({@link #event}), what may go wrong
 * ({@link #warning}), and what only a user who asked for more ({@code -v}) reads ({@link #detail}). Code that logs
 * says which it is; the one who made the log (the CLI, the coordinator daemon) decides how each looks
 * ({@link JobLogLines}) and whether details are shown.
 */
@FunctionalInterface
public interface JobLog {

    /** How much a message matters, instead of a word spelled at the start of its text. */
    enum Severity { EVENT, WARNING, DETAIL }

    void write(Severity severity, String message);

    /** Something that happened to the job: a checkpoint, a restart, a requeue. */
    default void event(String message) {
        write(Severity.EVENT, message);
    }

    /** Something that may go wrong, or already went wrong without ending the job. */
    default void warning(String message) {
        write(Severity.WARNING, message);
    }

    /** What a user reads only when asking for more. */
    default void detail(String message) {
        write(Severity.DETAIL, message);
    }

    /**
     * The job's life under crjob began at {@code start} (its first run's start, before any requeue): a log whose
     * lines show the time of day dates them once the job spans more than one day. Nothing by default.
     */
    default void jobStartedAt(Instant start) {
    }

    /** The same log, each message preceded by {@code context} (e.g. {@code "job 42: "}). */
    default JobLog about(String context) {
        return (severity, message) -> write(severity, context + message);
    }

    /** A log that drops everything: for a caller with nobody to tell. */
    static JobLog silent() {
        return (severity, message) -> { };
    }
}
