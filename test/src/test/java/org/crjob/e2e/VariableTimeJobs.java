package org.crjob.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.JobState;
import org.crjob.slurm.Slurm;
import org.crjob.slurm.SubmitRequest;

/**
 * Variable-time jobs of one test, in its own directory: the counting example under {@code crjob run}, submitted
 * with {@code --requeue --open-mode=append} and the job log in {@code job.log}; cancelled by {@link #cancelAll}.
 */
final class VariableTimeJobs {
    static final Path REPO = Path.of("").toAbsolutePath().getParent();
    static final Path CRJOB = REPO.resolve("bin").resolve("crjob");
    static final Path COUNT = REPO.resolve("examples").resolve("counting").resolve("count.sh");
    static final Path COUNT_AND_QUIT = REPO.resolve("examples").resolve("counting").resolve("count-and-quit.py");
    static final Duration PATIENCE = Duration.ofSeconds(90);

    private final SubmittedJobs submitted = SubmittedJobs.cancelledAfterEach(PATIENCE);
    final Slurm slurm = submitted.slurm;
    private final Path dir;

    VariableTimeJobs(Path dir) {
        this.dir = dir;
    }

    /** The counting example under crjob run, with sbatch options given on the command line. */
    String submit(String sbatchOptions, int countTo, String step, String runOptions) throws Exception {
        return submitScript(sbatchOptions, "export COUNT_TO=" + countTo + " COUNT_STEP=" + step + "\n"
                + "exec " + CRJOB + " run " + runOptions + " --state count.ckpt -- " + COUNT + "\n");
    }

    /**
     * The save-and-quit counting example under crjob run, counting to {@code last} with its state in count.state:
     * {@code exports} (NAME=value ...) set for it, {@code runOptions} given to crjob run.
     */
    String submitCountAndQuit(String sbatchOptions, String exports, String runOptions, int last) throws Exception {
        return submitScript(sbatchOptions, "export " + exports + "\n" + "exec " + CRJOB + " run " + runOptions
                + " --state count.state -- " + COUNT_AND_QUIT + " " + last + "\n");
    }

    String submitScript(String sbatchOptions, String body) throws Exception {
        return submitExactly(sbatchOptions + " --requeue --open-mode=append", body);
    }

    /** Only these sbatch options, and the job log in {@code job.log}. */
    String submitExactly(String sbatchOptions, String body) throws Exception {
        Path script = BatchScripts.write(dir, "job.sh", body);
        List<String> options = new ArrayList<>(List.of(sbatchOptions.strip().split(" +")));
        options.add("--output=" + dir.resolve("job.log"));
        return submitted(slurm.submit(SubmitRequest.of(script).withOptions(options.toArray(String[]::new)).from(dir)));
    }

    /**
     * An example's own batch script (its sbatch options in its header), crjob and the test's PATH on its PATH and
     * {@code exports} (NAME=value,...) in its environment.
     */
    String submitExample(Path script, String exports) throws Exception {
        return submitted(slurm.submit(SubmitRequest.of(script).from(dir).withOptions(
                "--output=" + dir.resolve("job.log"),
                "--export=ALL,PATH=" + CRJOB.getParent() + File.pathSeparator + System.getenv("PATH") + "," + exports)));
    }

    /** Remembers a job submitted some other way, so that it is cancelled at the end too. */
    String submitted(String id) {
        return submitted.add(id);
    }

    JobInfo awaitEnd(String id) {
        return submitted.awaitEnd(id);
    }

    JobInfo awaitRequeued(String id, int restarts) {
        return await().atMost(PATIENCE).until(() -> slurm.showJob(id),
                j -> j.state() == JobState.PENDING && j.restarts() == restarts);
    }

    void releaseUntilRunning(String id) {
        submitted.releaseUntilRunning(id);
    }

    /** Waits up to {@code patience} for the job's end, releasing the hold of each requeue on the way. */
    JobInfo awaitEndThroughRequeues(String id, Duration patience) {
        return await().atMost(patience).pollInterval(Duration.ofSeconds(2)).until(() -> {
            JobInfo job = slurm.showJob(id);
            LocalSlurm.releaseRequeueHoldIfHeld(job);
            return job;
        }, j -> j.state().isFinal());
    }

    /**
     * A job whose runs end at Slurm's warning signal: its first requeue awaited (3 minutes at most) and released, then
     * its end through the later requeues (6 minutes): COMPLETED, every number counted once, the warning in its log.
     */
    void completesThroughSlurmsWarnings(String id, int last) {
        await().atMost(Duration.ofMinutes(3)).until(() -> slurm.showJob(id), j -> j.restarts() == 1);
        releaseUntilRunning(id);
        JobInfo done = awaitEndThroughRequeues(id, Duration.ofMinutes(6));
        assertEquals(JobState.COMPLETED, done.state(), log());
        assertEveryNumberCountedOnce(last);
        assertTrue(log().contains("SIGUSR1 (Slurm's warning that the time limit is near)"), log());
    }

    /** A requeued job let run again (its hold released) until it ends, which must be as COMPLETED. */
    JobInfo runsAgainToCompletion(String id) {
        releaseUntilRunning(id);
        JobInfo done = awaitEnd(id);
        assertEquals(JobState.COMPLETED, done.state(), log());
        return done;
    }

    /** Completed after two requeues or more, each at Slurm's warning signal, none at crjob's own deadline. */
    void assertCompletedThroughRequeuesAtSlurmsWarning(JobInfo done) {
        String log = log();
        assertEquals(JobState.COMPLETED, done.state(), log);
        assertTrue(done.restarts() >= 2, "requeued " + done.restarts() + " time(s), not two or more\n" + log);
        assertTrue(log.contains("SIGUSR1 (Slurm's warning that the time limit is near)"), log);
        assertFalse(log.contains("crjob's own deadline"), log);
    }

    /** The count holds 1 to {@code last}, each once: across all the runs no number was lost or counted twice. */
    void assertEveryNumberCountedOnce(int last) {
        assertEquals(IntStream.rangeClosed(1, last).boxed().toList(), counted(), "every number exactly once");
    }

    /** Where crjob run keeps the job's checkpoints by default: its own store, ./crjob.ckpt/JOBID. */
    Path store(String id) {
        return dir.resolve("crjob.ckpt").resolve(id);
    }

    List<Integer> counted() {
        return BatchScripts.read(dir.resolve("count.txt")).lines().filter(l -> !l.isBlank())
                .map(Integer::parseInt).toList();
    }

    String log() {
        return BatchScripts.read(dir.resolve("job.log"));
    }

    /** Cancels every job of the test and waits until Slurm has ended them (see {@link SubmittedJobs#endAll}). */
    void cancelAll() {
        submitted.endAll();
    }
}
