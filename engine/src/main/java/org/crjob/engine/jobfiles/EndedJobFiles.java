package org.crjob.engine.jobfiles;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import org.crjob.failure.IoReasons;
import org.crjob.failure.UnexpectedStateException;
import org.crjob.posix.PrivatePaths;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.Slurm;
import org.crjob.slurm.UnknownJobException;

/**
 * The files crjob keeps for each job in its working directory ({@code .crjob/<jobid>/}, {@code crjob_command.<jobid>},
 * {@code dmtcp_command.<jobid>}), removed once they are older than the days kept and Slurm says the job has ended
 * (or no longer knows it). A job Slurm still holds in any other state keeps its files however old they are: a held or
 * long-pending job's next run needs them. The checkpoint store is the work and is never touched here.
 */
public final class EndedJobFiles {

    /** What became of one job's files: removed, kept, or (a dry run) would have been removed. */
    public enum Verdict { REMOVED, KEPT, WOULD_REMOVE }

    /** One job's verdict, and why (the job's end, or what keeps its files). */
    public record Outcome(String jobId, Verdict verdict, String why) {
        public boolean removed() {
            return verdict == Verdict.REMOVED;
        }
    }

    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Slurm slurm;
    private final Clock clock;

    public EndedJobFiles(Slurm slurm, Clock clock) {
        this.slurm = Objects.requireNonNull(slurm, "slurm");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Removes (or with {@code dryRun} only judges) the files of every ended job under {@code workDir} last written
     * more than {@code keep} ago, in job id order.
     */
    public List<Outcome> clean(Path workDir, Duration keep, boolean dryRun) throws IOException {
        Path crjobDir = workDir.resolve(".crjob");
        List<Outcome> outcomes = new ArrayList<>();
        if (!Files.isDirectory(crjobDir, NOFOLLOW_LINKS)) {
            return outcomes;
        }
        PrivatePaths.requireOwnAndPrivate(crjobDir, "crjob's job directory");
        for (Path stateDir : jobDirectories(crjobDir)) {
            outcomes.add(judge(new JobPaths(workDir, stateDir.getFileName().toString()), keep, dryRun));
        }
        return outcomes;
    }

    private static List<Path> jobDirectories(Path crjobDir) throws IOException {
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(crjobDir,
                p -> p.getFileName().toString().matches("[0-9][0-9_+]*") && Files.isDirectory(p, NOFOLLOW_LINKS))) {
            entries.forEach(dirs::add);
        }
        dirs.sort(null);
        return dirs;
    }

    private Outcome judge(JobPaths job, Duration keep, boolean dryRun) throws IOException {
        Optional<String> notOurs = PrivatePaths.whyNotPrivate(job.stateDir());
        if (notOurs.isPresent()) {
            return new Outcome(job.jobId(), Verdict.KEPT, job.stateDir() + " " + notOurs.get());
        }
        Instant written = lastWritten(job.stateDir());
        if (written.isAfter(clock.instant().minus(keep))) {
            return new Outcome(job.jobId(), Verdict.KEPT, "last written " + date(written) + ", within the "
                    + keep.toDays() + " days kept");
        }
        Optional<JobInfo> known = slurmKnows(job.jobId());
        if (known.isPresent() && !known.get().state().isFinal()) {
            return new Outcome(job.jobId(), Verdict.KEPT, "Slurm still holds the job (" + known.get().state() + ")");
        }
        String ended = known.map(info -> "ended " + info.state()).orElse("no longer known to Slurm");
        if (!dryRun) {
            remove(job);
        }
        return new Outcome(job.jobId(), dryRun ? Verdict.WOULD_REMOVE : Verdict.REMOVED, ended + ", last written " + date(written));
    }

    private String date(Instant instant) {
        return DAY_AND_TIME.format(instant.atZone(clock.getZone()));
    }

    private Optional<JobInfo> slurmKnows(String jobId) {
        try {
            return Optional.of(slurm.showJob(jobId));
        } catch (UnknownJobException e) {
            return Optional.empty();
        }
    }

    /**
     * The newest modification time of the directory and the files it holds (a running job writes there); links are
     * no writes of crjob's.
     */
    private static Instant lastWritten(Path dir) throws IOException {
        try (Stream<Path> tree = Files.walk(dir)) {
            return tree.filter(path -> !Files.isSymbolicLink(path)).map(EndedJobFiles::modified)
                    .max(Instant::compareTo).orElseThrow();
        }
    }

    private static Instant modified(Path path) {
        try {
            return Files.getLastModifiedTime(path, NOFOLLOW_LINKS).toInstant();
        } catch (IOException e) {
            throw new UnexpectedStateException("cannot read when " + path + " was written: "
                    + IoReasons.describe(e) + "; check its permissions");
        }
    }

    private static void remove(JobPaths job) throws IOException {
        for (Path wrapper : List.of(job.commandWrapper(), job.dmtcpCommandWrapper())) {
            if (Files.isRegularFile(wrapper, NOFOLLOW_LINKS) && PrivatePaths.whyNotPrivate(wrapper).isEmpty()) {
                Files.delete(wrapper);
            }
        }
        // deepest first; Files.walk does not follow links, so a planted link is removed, never what it points to
        try (Stream<Path> tree = Files.walk(job.stateDir())) {
            for (Path path : tree.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(path);
            }
        }
    }
}
