package org.crjob.engine.submit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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
            Files.createDirectories(scriptFile.getParent());
            Files.writeString(scriptFile, job.script());
            Files.setPosixFilePermissions(scriptFile, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the job script " + scriptFile + ": " + e.getMessage(), e);
        }
        return jobs.submit(slurm);
    }
}
