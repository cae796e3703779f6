package org.crjob.engine.coordinator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.engine.jobfiles.StateFile;
import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.slurm.JobEnv;
import org.crjob.slurm.Slurm;

/**
 * Finds a job's coordinator. Inside the job: {@code $CRJOB_STATE_FILE}, which start-coordinator exports,
 * else the job's state directory under the working directory. From a login node ({@code --job}): the
 * job's WorkDir as Slurm reports it, where the coordinator wrote its state file.
 */
public final class CoordinatorLocator {
    public static final String ENV_STATE_FILE = "CRJOB_STATE_FILE";
    public static final String ENV_JOB_ID = "CRJOB_JOB_ID";

    private final Map<String, String> env;
    private final Path cwd;
    private final Slurm slurm;

    public CoordinatorLocator(Map<String, String> env, Path cwd, Slurm slurm) {
        this.env = env;
        this.cwd = cwd;
        this.slurm = slurm;
    }

    /** The job this shell is about: {@code $CRJOB_JOB_ID}, else Slurm's job id, else a local one. */
    public static String currentJobId(Map<String, String> env) {
        String exported = env.get(ENV_JOB_ID);
        if (exported != null && !exported.isBlank()) {
            return exported;
        }
        return new JobEnv(env).jobId().orElseGet(() -> "local-" + ProcessHandle.current().parent()
                .map(ProcessHandle::pid).orElse(ProcessHandle.current().pid()));
    }

    /** The coordinator of {@code jobId}, or of the current job when empty. */
    public CoordinatorInfo locate(Optional<String> jobId) {
        return StateFile.read(stateFile(jobId));
    }

    Path stateFile(Optional<String> jobId) {
        String exportedJob = env.get(ENV_JOB_ID);
        String exportedFile = env.get(ENV_STATE_FILE);
        boolean sameJob = jobId.isEmpty() || jobId.get().equals(exportedJob);
        if (sameJob && exportedFile != null && !exportedFile.isBlank()) {
            return Path.of(exportedFile);
        }
        String id = jobId.orElseGet(() -> currentJobId(env));
        Path here = new JobPaths(cwd, id).stateFile();
        if (Files.exists(here) || jobId.isEmpty() || id.startsWith("local-")) {
            return here;
        }
        // From a login node: the coordinator wrote its state under the job's working directory.
        return new JobPaths(slurm.showJob(id).workDir(), id).stateFile();
    }
}
