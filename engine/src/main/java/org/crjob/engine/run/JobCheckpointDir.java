package org.crjob.engine.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.crjob.engine.store.CheckpointStore;
import org.crjob.engine.store.Generation;
import org.crjob.slurm.JobEnv;
import org.crjob.slurm.JobInfo;

/**
 * Where {@code crjob run} keeps checkpoints unless told ({@code --ckpt-dir}): {@code crjob.ckpt/<job>}, one store
 * per job and per array task ({@code <array job>_<task>}), so that two jobs or two tasks started in one directory
 * never share a store, and a new job never restarts from another job's checkpoint. A requeued job keeps its id,
 * so its runs find each other; a chain of jobs shares one store by naming it ({@code crjob submit} does).
 */
public final class JobCheckpointDir {
    private JobCheckpointDir() {
    }

    public static Path of(JobEnv env) {
        String job = env.arrayJobId()
                .flatMap(array -> env.arrayTaskId().map(task -> JobInfo.arrayTaskRef(array, task)))
                .orElseGet(env::requireJobId);
        return CheckpointStore.DEFAULT_DIR.resolve(job);
    }

    /**
     * Where {@code crjob run} of an existing job keeps its checkpoints unless told: {@code crjob.ckpt/<job>} in the
     * job's working directory (an array task named as above), for {@code crjob checkpoints --job} from anywhere.
     */
    public static Path of(JobInfo job) {
        return of(job.workDir(), job.ref());
    }

    /** As {@link #of(JobInfo)}, for the job Slurm names {@code ref} (see {@link JobInfo#ref}) working in {@code workDir}. */
    public static Path of(Path workDir, String ref) {
        return workDir.resolve(CheckpointStore.DEFAULT_DIR).resolve(ref);
    }

    /**
     * A fresh per-job store beside others that hold checkpoints: one line saying how to continue one of them
     * (a job resubmitted after its budget ran out starts afresh otherwise), or none. The other tasks of the
     * same array are no news.
     */
    public static List<String> otherJobsBeside(Path store) {
        Path parent = store.toAbsolutePath().normalize().getParent();
        if (parent == null || !parent.getFileName().equals(CheckpointStore.DEFAULT_DIR) || !Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> siblings = Files.list(parent)) {
            String name = store.getFileName().toString();
            String sameArray = name.contains("_") ? name.substring(0, name.indexOf('_') + 1) : name;
            return siblings.filter(s -> !s.getFileName().toString().startsWith(sameArray) && Files.isDirectory(s))
                    .sorted()
                    .flatMap(s -> CheckpointStore.read(s).latest().stream().map(g -> describe(store, s, g)))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String describe(Path store, Path other, Generation newest) {
        Path named = CheckpointStore.DEFAULT_DIR.resolve(other.getFileName());
        return named + " holds generation " + newest.number() + " of another job (" + newest.created() + "); this"
                + " job starts afresh in " + CheckpointStore.DEFAULT_DIR.resolve(store.getFileName()) + ". To continue"
                + " from that checkpoint instead, run with --ckpt-dir " + named;
    }
}
