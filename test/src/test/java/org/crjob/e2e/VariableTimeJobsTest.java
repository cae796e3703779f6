package org.crjob.e2e;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every test class of variable-time jobs shares: Slurm up (as in every {@link EndToEnd} class), a directory of
 * its own, its jobs cancelled.
 */
@EndToEnd
abstract class VariableTimeJobsTest {
    @TempDir
    Path dir;
    VariableTimeJobs jobs;

    @BeforeEach
    void jobsInThisTestsDirectory() {
        jobs = new VariableTimeJobs(dir);
    }

    @AfterEach
    void cancelWhatWeSubmitted() {
        jobs.cancelAll();
    }
}
