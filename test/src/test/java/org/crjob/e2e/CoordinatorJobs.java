package org.crjob.e2e;

import java.io.IOException;
import java.nio.file.Path;
import org.crjob.slurm.SubmitRequest;

/**
 * Jobs that start a coordinator, as NERSC's scripts do, and then run one crjob command (launch, restart) in the
 * test's job directory, where the job's output goes to NAME.out; submitted through the test's {@link SubmittedJobs}.
 */
final class CoordinatorJobs {
    private final SubmittedJobs jobs;
    private final String startCoordinator;

    /** @param startCoordinator the crjob arguments that start it: {@code start-coordinator [--engine dmtcp]} */
    CoordinatorJobs(SubmittedJobs jobs, String startCoordinator) {
        this.jobs = jobs;
        this.startCoordinator = startCoordinator;
    }

    /**
     * Submits job script NAME in {@code dir}: it exports {@code exports} (VAR=value ...), starts the coordinator and
     * runs {@code crjob CRJOB_ARGS}.
     */
    String submit(Path dir, String name, String exports, String crjobArgs) {
        String body = "export " + exports + "\n"
                + "eval \"$(" + Crjob.LAUNCHER + " " + startCoordinator + ")\" || exit 1\n"
                + Crjob.LAUNCHER + " " + crjobArgs + "\n";
        try {
            return jobs.submit(SubmitRequest.of(BatchScripts.write(dir, name, body))
                    .withOptions("--job-name=crjob-e2e " + name, "--time=00:05:00",
                            "--output=" + dir.resolve(name + ".out"))
                    .from(dir));
        } catch (IOException e) {
            throw new AssertionError("cannot write the job script " + name + ": " + e.getMessage(), e);
        }
    }
}
