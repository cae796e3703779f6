package org.crjob.cli;

import org.crjob.failure.CrjobException;

/**
 * The exit statuses of {@code crjob}, one meaning each, so that scripts and batch files can tell failures
 * apart. Commands return these from {@code call()}; a {@link CrjobException} maps to one by its kind
 * ({@link #of}), in {@link ErrorReporter}.
 */
public final class ExitCode {

    /** The command did what was asked. */
    public static final int OK = 0;

    /** The command failed for an application reason (a file could not be read, the job failed, ...). */
    public static final int FAILURE = 1;

    /** Bad usage: an unknown option, a missing or invalid value, a missing subcommand. */
    public static final int USAGE = 2;

    /** The world is not in the state the command needs: not inside a Slurm job, no coordinator, no checkpoint. */
    public static final int UNEXPECTED_STATE = 3;

    /** A bug in crjob (an unexpected exception) or a broken installation (no jar, no java). */
    public static final int INTERNAL = 4;

    /** A Slurm command ({@code sbatch}, {@code scontrol}, {@code squeue}, ...) failed or timed out. */
    public static final int SLURM_FAILED = 5;

    /** Taking, writing or restoring a checkpoint failed. */
    public static final int CHECKPOINT_FAILED = 6;

    /**
     * crjob run: the work is not finished and the job was not requeued (the budget or the requeue limit
     * is spent, or there is no checkpoint to restart from); the log's last line says which.
     */
    public static final int NOT_REQUEUED = 7;

    /**
     * crjob launch, crjob restart: the checkpoint engine ended the application, not the application itself (DMTCP
     * failed, or its coordinator killed the computation on someone's {@code dmtcp_command -k} or {@code -q}): the
     * work is not finished; the log says which.
     */
    public static final int ENGINE_FAILED = 8;

    /** crjob run: ended by TERM that was not the time limit (scancel): 128 + 15, as a shell reports it. */
    public static final int TERMINATED = 143;

    private ExitCode() {
    }

    /** The status a {@link CrjobException} of {@code kind} ends the command with. */
    public static int of(CrjobException.Kind kind) {
        return switch (kind) {
            case FAILED -> FAILURE;
            case BAD_USAGE -> USAGE;
            case UNEXPECTED_STATE -> UNEXPECTED_STATE;
            case SLURM_FAILED -> SLURM_FAILED;
            case CHECKPOINT_FAILED -> CHECKPOINT_FAILED;
            case BROKEN_INSTALLATION -> INTERNAL;
        };
    }
}
