package org.crjob.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.Slurm;
import org.crjob.slurm.SlurmCommands;
import org.crjob.slurm.SubmitRequest;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The jobs one test submits to the local Slurm, ended after it (register it on a field with
 * {@code @RegisterExtension}): every job still on Slurm is cancelled and awaited to its end, since a job that is
 * still COMPLETING may write into the test's directory, which JUnit deletes next. Where the jobs start detached
 * coordinators, each is told to quit first: scancel alone would leave it running.
 */
final class SubmittedJobs implements AfterEachCallback {
    final Slurm slurm = new SlurmCommands((severity, message) -> System.err.println("crjob test: " + message));
    private final List<String> ids = new ArrayList<>();
    private final Duration patience;
    private final boolean quitCoordinators;

    private SubmittedJobs(Duration patience, boolean quitCoordinators) {
        this.patience = patience;
        this.quitCoordinators = quitCoordinators;
    }

    /** Jobs that are only cancelled after the test; {@code patience} is how long any wait for them lasts. */
    static SubmittedJobs cancelledAfterEach(Duration patience) {
        return new SubmittedJobs(patience, false);
    }

    /** Jobs whose coordinator is quit ({@code crjob quit --now}) before they are cancelled after the test. */
    static SubmittedJobs coordinatorsQuitAfterEach(Duration patience) {
        return new SubmittedJobs(patience, true);
    }

    String submit(SubmitRequest request) {
        return add(slurm.submit(request));
    }

    /** Remembers a job submitted some other way (crjob submit, say), so that it is ended after the test too. */
    String add(String id) {
        ids.add(id);
        return id;
    }

    JobInfo awaitEnd(String id) {
        return await().atMost(patience).until(() -> slurm.showJob(id), j -> j.state().isFinal());
    }

    void releaseUntilRunning(String id) {
        LocalSlurm.releaseUntilRunning(slurm, id, patience);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        endAll();
    }

    /** Cancels every job that has not ended (its coordinator quit first, if so made), then waits for their ends. */
    void endAll() {
        for (String id : ids) {
            try {
                JobInfo job = slurm.showJob(id);
                if (!job.state().isFinal()) {
                    if (quitCoordinators) {
                        Crjob.run(job.workDir(), "quit", "--now", "--job", id);
                    }
                    slurm.cancel(id);
                }
            } catch (RuntimeException | AssertionError e) {
                // ended meanwhile, or gone from Slurm's memory
            }
        }
        for (String id : ids) {
            try {
                awaitEnd(id);
            } catch (RuntimeException e) {
                // gone from Slurm's memory, or it would not end: nothing more a test can do
            }
        }
    }
}
