package org.crjob.engine.submit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.crjob.posix.PrivatePaths;
import org.crjob.slurm.Dependency;
import org.crjob.slurm.Slurm;

/**
 * {@code crjob submit job.yaml}: the rendered script, where it is written ({@code .crjob/submit/<spec>.sh}, or
 * {@code <spec>-chain.sh}, in the submit directory: sbatch copies it, and it stays there to show what was
 * submitted), and the jobs that run it.
 */
public record PreparedSubmission(RenderedJob job, Path scriptFile, JobSubmission jobs) {

    /**
     * @param restarts 0 for a single variable-time job; N for a chain of a start job and N restart jobs
     * @param kind     how the jobs of a chain wait for each other
     */
    public static PreparedSubmission prepare(Path specFile, List<String> sets, Templates templates, Path workDir,
                                             int restarts, Dependency.Kind kind) {
        boolean chain = restarts > 0;
        RenderedJob job = RenderedJob.fromSpecFile(specFile, sets, templates, workDir, chain);
        String stem = specFile.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        Path scriptFile = workDir.resolve(".crjob").resolve("submit").resolve(stem + (chain ? "-chain" : "") + ".sh");
        JobSubmission jobs = chain ? JobSubmission.chain(scriptFile, workDir, restarts, kind)
                : JobSubmission.single(scriptFile, workDir);
        return new PreparedSubmission(job, scriptFile, jobs);
    }

    /** Writes the script and submits its jobs. */
    public List<SubmittedJob> submit(Slurm slurm) {
        try {
            writePrivately(scriptFile, job.script());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the job script " + scriptFile + ": " + e.getMessage(), e);
        }
        return jobs.submit(slurm);
    }

    /**
     * Writes {@code script} to {@code file} in a private directory (.crjob/submit, 0700, the user's own), through
     * a new file (O_EXCL, no link followed, 0700) renamed over it: sbatch never reads, and crjob never writes
     * through, anything another user put there.
     */
    private static void writePrivately(Path file, String script) throws IOException {
        PrivatePaths.createDirectories(file.getParent().getParent(), "crjob's directory");
        PrivatePaths.createDirectories(file.getParent(), "crjob's directory of submitted scripts");
        Path temp = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(temp);
        try (FileChannel out = FileChannel.open(temp, Set.of(CREATE_NEW, WRITE, NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))) {
            ByteBuffer bytes = ByteBuffer.wrap(script.getBytes(UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        }
        Files.move(temp, file, ATOMIC_MOVE);
    }
}
