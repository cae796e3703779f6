package org.crjob.slurm;

import java.util.Locale;

/** A job's state as {@code scontrol show job} prints it in {@code JobState=}. */
public enum JobState {
    PENDING, CONFIGURING, RUNNING, SUSPENDED, COMPLETING, COMPLETED, CANCELLED, FAILED, TIMEOUT,
    NODE_FAIL, PREEMPTED, BOOT_FAIL, DEADLINE, OUT_OF_MEMORY, REQUEUED, REQUEUE_HOLD, REQUEUE_FED,
    RESIZING, REVOKED, SIGNALING, SPECIAL_EXIT, STAGE_OUT, STOPPED, RESV_DEL_HOLD,
    /** A state this version of crjob does not know; the raw text stays in {@link JobInfo#field}. */
    UNKNOWN;

    public static JobState parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    /** The job will not run again unless someone requeues or resubmits it. */
    public boolean isFinal() {
        return switch (this) {
            case COMPLETED, CANCELLED, FAILED, TIMEOUT, NODE_FAIL, PREEMPTED, BOOT_FAIL, DEADLINE,
                    OUT_OF_MEMORY, REVOKED, SPECIAL_EXIT -> true;
            default -> false;
        };
    }
}
