package org.crjob.slurm;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * One of the user's jobs as {@code squeue} lists it ({@link Slurm#myJobs}): fewer fields than {@link JobInfo}, but
 * all jobs in one call.
 *
 * @param jobId     Slurm's unique id ({@code SLURM_JOB_ID}), which names the job's {@code .crjob/<jobId>/}
 * @param ref       how Slurm names the job to people: an array task as {@code ARRAYJOBID_TASKID} (see {@link JobInfo#ref})
 * @param restarts  how often the job was requeued ({@code RestartCnt})
 * @param startTime when this run started, or for a pending job when Slurm expects it to
 * @param endTime   when this run reaches its time limit (or ended)
 * @param comment   the Comment field (crjob's time budget), empty when none
 */
public record QueuedJob(String jobId, String ref, String name, JobState state, Path workDir, int restarts,
        Optional<Instant> startTime, Optional<Instant> endTime, SlurmTime timeLimit, String comment) {
}
