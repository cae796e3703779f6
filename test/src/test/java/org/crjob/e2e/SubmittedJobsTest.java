package org.crjob.e2e;

import java.nio.file.Path;
import org.crjob.slurm.Slurm;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every end-to-end class that submits its own jobs shares: Slurm up (as in every {@link EndToEnd} class), its
 * jobs ended after each test the way its constructor says (cancelled, or their coordinators quit first) with the
 * patience it gives, and a job directory of its own for each test.
 */
@EndToEnd
abstract class SubmittedJobsTest {
    @RegisterExtension
    final SubmittedJobs jobs;
    final Slurm slurm;

    /** The jobs' working directory: their scripts, outputs and checkpoints. */
    @TempDir
    Path dir;

    SubmittedJobsTest(SubmittedJobs jobs) {
        this.jobs = jobs;
        this.slurm = jobs.slurm;
    }
}
