package org.crjob.slurm;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What Slurm says about one job: the fields crjob needs, typed, plus every field as text.
 *
 * @param comment the Comment field, empty when the job has none
 * @param requeue whether the job may be requeued ({@code --requeue} or the cluster's default)
 */
public record JobInfo(
        String jobId,
        String name,
        JobState state,
        String reason,
        Optional<Instant> startTime,
        Optional<Instant> endTime,
        SlurmTime timeLimit,
        String comment,
        int restarts,
        Path workDir,
        Optional<String> batchHost,
        boolean requeue,
        Map<String, String> fields) {

    public JobInfo {
        fields = Map.copyOf(fields);
    }

    /** Any field by its scontrol name, e.g. {@code field("Partition")}. */
    public Optional<String> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /**
     * When Slurm chose this job for preemption ({@code PreemptTime}), if it did. The job then runs on until
     * its EndTime, moved to the preemption plus the partition's GraceTime, and gets TERM there.
     */
    public Optional<Instant> preemptTime() {
        return ScontrolJobParser.instant(fields.get("PreemptTime"));
    }

    /** Whether Slurm is ending the job because it reached its time limit ({@code Reason=TimeLimit}). */
    public boolean endingAtTimeLimit() {
        return state == JobState.TIMEOUT || "TimeLimit".equals(reason);
    }

    /**
     * How to name this job, and only this job, to scontrol: an array task as {@code ARRAYJOBID_TASKID}. Its plain
     * JobId will not do: the array's last task has the array's own id, and {@code scontrol update JobId=<that>} or
     * {@code scontrol requeue <that>} acts on every task of the array (measured on Slurm 22.05).
     */
    public String ref() {
        Optional<String> task = field("ArrayTaskId").filter(t -> t.matches("[0-9]+"));
        Optional<String> array = field("ArrayJobId").filter(a -> a.matches("[0-9]+"));
        return task.isPresent() && array.isPresent() ? arrayTaskRef(array.get(), task.get()) : jobId;
    }

    /** Slurm's own name for one task of a job array: {@code ARRAYJOBID_TASKID}. */
    public static String arrayTaskRef(String arrayJobId, String taskId) {
        return arrayJobId + "_" + taskId;
    }
}
