package org.crjob.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** What every test class of variable-time jobs shares: Slurm up, a directory of its own, its jobs cancelled. */
abstract class VariableTimeJobsTest {
    @TempDir
    Path dir;
    VariableTimeJobs jobs;

    @BeforeAll
    static void slurmIsUpAndCrjobBuilt() {
        LocalSlurm.require();
        assertTrue(Files.isRegularFile(VariableTimeJobs.REPO.resolve("cr-cli/target/crjob.jar")),
                "crjob.jar is built before test/ runs");
    }

    @BeforeEach
    void jobsInThisTestsDirectory() {
        jobs = new VariableTimeJobs(dir);
    }

    @AfterEach
    void cancelWhatWeSubmitted() {
        jobs.cancelAll();
    }
}
