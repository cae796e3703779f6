package org.crjob.engine.run;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.JobState;
import org.crjob.slurm.SlurmTime;

/** Jobs as scontrol would describe them, for the run package's tests. */
final class Jobs {
    static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

    private Jobs() {
    }

    /** Running since {@link #START} with a one-hour limit, requeueable, Comment 05:00:00. */
    static JobInfo running() {
        return job(JobState.RUNNING, "None", "05:00:00", SlurmTime.parse("01:00:00"), true, Map.of());
    }

    static JobInfo job(JobState state, String reason, String comment, SlurmTime limit, boolean requeue,
                       Map<String, String> fields) {
        Map<String, String> all = new HashMap<>(fields);
        all.putIfAbsent("JobState", state.name());
        return new JobInfo("42", "sim", state, reason, Optional.of(START),
                Optional.of(START.plusSeconds(limit.isUnlimited() ? 365 * 86400L : limit.seconds())), limit, comment, 0,
                Path.of("/tmp"), Optional.of("vm"), requeue, all);
    }

    static JobInfo withComment(String comment) {
        return job(JobState.RUNNING, "None", comment, SlurmTime.parse("01:00:00"), true, Map.of());
    }
}
