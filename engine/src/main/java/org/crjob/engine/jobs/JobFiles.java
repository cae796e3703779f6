package org.crjob.engine.jobs;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.crjob.engine.RestartInfo;
import org.crjob.engine.history.PlannedCheckpoint;
import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.engine.jobfiles.StateFile;
import org.crjob.engine.run.DeadlinePlan;
import org.crjob.engine.run.JobCheckpointDir;
import org.crjob.engine.store.CheckpointStore;
import org.crjob.engine.store.Generation;
import org.crjob.failure.IoReasons;
import org.crjob.posix.PrivatePaths;
import org.crjob.slurm.JobState;
import org.crjob.slurm.QueuedJob;

/**
 * Finds and reads one job's crjob files in its working directory: {@code .crjob/<jobid>/} and its store
 * ({@code crjob.ckpt/<job>} unless its coordinator's state file names another). A working directory may be shared, so a
 * directory is read only when it is the user's own, no link, and writable by nobody else; otherwise the job is
 * {@link Health#UNREADABLE}, never a crash.
 */
final class JobFiles {

    private final DeadlinePlan plan;

    JobFiles(DeadlinePlan plan) {
        this.plan = plan;
    }

    /** What the job's files say; empty when it has none, so it does not run under crjob. */
    Optional<StoreView> read(QueuedJob job) {
        JobPaths paths = new JobPaths(job.workDir(), job.jobId());
        Path defaultStore = JobCheckpointDir.of(job.workDir(), job.ref());
        try {
            if (!exists(paths.stateDir()) && !exists(defaultStore)) {
                return Optional.empty();
            }
            StoreView view = readStore(storeOf(paths, defaultStore));
            // only a running job has a next deadline (HealthRules): the others' event logs are not read
            return Optional.of(job.state() == JobState.RUNNING ? view.withPlanned(plannedCheckpoint(paths)) : view);
        } catch (NotPrivateException e) {
            return Optional.of(StoreView.unreadable(e.getMessage()));
        } catch (IOException e) {
            return Optional.of(StoreView.unreadable(IoReasons.describe(e)));
        } catch (RuntimeException e) { // a damaged state file or store: that row says so, the others still show
            return Optional.of(StoreView.unreadable(Objects.requireNonNullElse(e.getMessage(), e.toString())));
        }
    }

    /** A path that may or may not be there; one that cannot be looked for (a directory not searchable) is an error. */
    private static boolean exists(Path path) throws IOException {
        if (Files.exists(path, NOFOLLOW_LINKS)) {
            return true;
        }
        if (Files.notExists(path, NOFOLLOW_LINKS)) {
            return false;
        }
        throw new NotPrivateException("cannot look into " + path.getParent());
    }

    /** The store the job's coordinator names, else the default one. */
    private static Path storeOf(JobPaths paths, Path defaultStore) throws IOException {
        if (!exists(paths.stateFile())) {
            return defaultStore;
        }
        requirePrivate(paths.stateDir());
        return paths.workDir().resolve(StateFile.read(paths.stateFile()).ckptDir());
    }

    private StoreView readStore(Path store) throws IOException {
        if (!exists(store)) {
            return new StoreView(Optional.empty(), plan.expectedCheckpoint(List.of()), Optional.empty(),
                    Optional.empty(), Optional.empty());
        }
        requirePrivate(store);
        List<Generation> generations = CheckpointStore.read(store).generations();
        Optional<Generation> newest = generations.stream().findFirst();
        return new StoreView(newest.map(LastCheckpoint::of), plan.expectedCheckpoint(generations),
                newest.flatMap(JobFiles::interval), Optional.empty(), Optional.empty());
    }

    /** The final checkpoint the job's crjob recorded it plans, read only from the user's own private directory. */
    private static Optional<Instant> plannedCheckpoint(JobPaths paths) throws IOException {
        if (!exists(paths.eventsFile())) {
            return Optional.empty();
        }
        requirePrivate(paths.stateDir());
        return PlannedCheckpoint.ofCurrentRun(paths.eventsFile());
    }

    private static Optional<Duration> interval(Generation generation) {
        String seconds = generation.manifest().meta().get(RestartInfo.INTERVAL_SECONDS);
        return seconds != null && seconds.matches("[0-9]+") && !seconds.equals("0")
                ? Optional.of(Duration.ofSeconds(Long.parseLong(seconds))) : Optional.empty();
    }

    private static void requirePrivate(Path dir) throws IOException {
        Optional<String> why = PrivatePaths.whyNotPrivate(dir);
        if (why.isPresent()) {
            throw new NotPrivateException(dir + " " + why.get());
        }
    }

    /** Why a job's files were not read. */
    private static final class NotPrivateException extends IOException {
        NotPrivateException(String message) {
            super(message);
        }
    }
}
