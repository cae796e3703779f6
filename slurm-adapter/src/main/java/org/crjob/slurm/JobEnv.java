package org.crjob.slurm;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.crjob.failure.UnexpectedStateException;

/** The job as the environment describes it: the {@code SLURM_*} variables a batch script sees. */
public final class JobEnv {
    private final Map<String, String> vars;

    public JobEnv(Map<String, String> vars) {
        this.vars = Map.copyOf(vars);
    }

    /** The variables this job environment was made from (unmodifiable), for what runs in the job on its behalf. */
    public Map<String, String> variables() {
        return vars;
    }

    public static JobEnv current() {
        return new JobEnv(System.getenv());
    }

    public boolean inJob() {
        return jobId().isPresent();
    }

    /** {@code SLURM_JOB_ID}, or the older {@code SLURM_JOBID} that some sites still set alone. */
    public Optional<String> jobId() {
        return get("SLURM_JOB_ID").or(() -> get("SLURM_JOBID"));
    }

    /** The job id, or an error that says this has to run inside a job. */
    public String requireJobId() {
        return jobId().orElseThrow(NotInSlurmJobException::new);
    }

    /** How often Slurm has requeued this job: 0 on the first run (Slurm leaves the variable unset then). */
    public int restartCount() {
        Optional<String> raw = get("SLURM_RESTART_COUNT");
        if (raw.isEmpty()) {
            return 0;
        }
        try {
            int count = Integer.parseInt(raw.get().strip());
            if (count >= 0) {
                return count;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new UnexpectedStateException("SLURM_RESTART_COUNT is '" + raw.get()
                + "', not a count: unset it or set it to a whole number of 0 or more");
    }

    public Optional<Path> submitDir() {
        return get("SLURM_SUBMIT_DIR").map(Path::of);
    }

    public Optional<String> nodeList() {
        return get("SLURM_JOB_NODELIST").or(() -> get("SLURM_NODELIST"));
    }

    public Optional<String> arrayJobId() {
        return get("SLURM_ARRAY_JOB_ID");
    }

    public Optional<String> arrayTaskId() {
        return get("SLURM_ARRAY_TASK_ID");
    }

    /** The job step this runs in, when it runs under srun; the batch script itself has none (measured). */
    public Optional<String> stepId() {
        return get("SLURM_STEP_ID");
    }

    /** How many tasks the step this runs in has (1 outside srun). */
    public int stepTasks() {
        return get("SLURM_STEP_NUM_TASKS").filter(n -> n.matches("[0-9]{1,9}")).map(Integer::parseInt).orElse(1);
    }

    /** This task's rank in its step (0 outside srun). */
    public int procId() {
        return get("SLURM_PROCID").filter(n -> n.matches("[0-9]{1,9}")).map(Integer::parseInt).orElse(0);
    }

    private Optional<String> get(String name) {
        return Optional.ofNullable(vars.get(name)).filter(v -> !v.isBlank());
    }
}
