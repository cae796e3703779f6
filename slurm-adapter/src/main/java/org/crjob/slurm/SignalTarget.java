package org.crjob.slurm;

/** Which processes of a job a signal reaches, as {@code scancel} names them. */
public enum SignalTarget {
    /** The batch shell and its children only ({@code scancel --batch}): where a {@code trap} runs. */
    BATCH_SHELL,
    /** The batch shell and every job step ({@code scancel --full}). */
    ALL_STEPS
}
