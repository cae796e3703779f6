package org.crjob.engine.jobs;

import java.time.Instant;
import java.util.Optional;
import org.crjob.slurm.JobState;
import org.crjob.slurm.SlurmTime;

/**
 * One line of {@code crjob jobs}: a job under crjob, from Slurm's queue and the job's own files.
 *
 * @param jobId          as Slurm names it to people (an array task as {@code ARRAYJOBID_TASKID})
 * @param slurmJobId     Slurm's unique id ({@code SLURM_JOB_ID})
 * @param run            which run this is or was: 1, then one more per requeue
 * @param requeues       how often the job was requeued so far
 * @param budgetLeft     the budget in the Comment minus this run so far; empty when the job has none
 * @param lastCheckpoint the newest complete checkpoint; empty when none, or when the files were not read
 * @param unreadable     why the job's files were not read; empty when they were
 * @param nextDeadline   when crjob's final checkpoint of this run is due (as the running crjob planned it, else the
 *                       deadline plan's estimate); empty unless running with a time limit
 */
public record JobRow(String jobId, String slurmJobId, String name, JobState state, int run, int requeues,
        Optional<SlurmTime> budgetLeft, Optional<LastCheckpoint> lastCheckpoint, Optional<String> unreadable,
        Optional<Instant> nextDeadline, Health health) {
}
