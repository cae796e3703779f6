package org.crjob.e2e;

import static org.awaitility.Awaitility.await;
import static org.crjob.e2e.VariableTimeJobs.CRJOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.IntStream;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.JobState;
import org.junit.jupiter.api.Test;

/**
 * Applications that answer a checkpoint by saving and quitting (GROMACS on TERM or INT, the CÉCI slides' pattern,
 * HTCondor's self-checkpointing jobs) are restarted in place from what they saved: a checkpoint never ends the work.
 */
class SaveAndQuitE2ETest extends VariableTimeJobsTest {
    private static final Path COUNT_AND_QUIT = VariableTimeJobs.REPO.resolve("examples/counting/count-and-quit.py");

    @Test
    void periodicCheckpointsOfAnApplicationThatSavesAndQuitsNeverEndTheWork() throws Exception {
        // measured on the code before: the first periodic checkpoint ended the job COMPLETED with 36 of 150 steps
        String id = jobs.submitScript("-t 5 --comment=01:00:00", "export STEP=0.2\n"
                + "exec " + CRJOB + " run --min-run 1 -i 8 --signal INT --state count.state -- " + COUNT_AND_QUIT
                + " 150\n");

        JobInfo done = jobs.awaitEnd(id);

        assertEquals(JobState.COMPLETED, done.state(), jobs.log());
        assertEquals(0, done.restarts(), "no requeue: every restart was in this allocation");
        assertEquals(IntStream.rangeClosed(1, 150).boxed().toList(), jobs.counted(), "every step exactly once");
        assertTrue(jobs.log().contains("the application exited with status 0 after crjob's SIGINT reached it and wrote"
                + " count.state since: it saved its state and quit"), jobs.log());
        assertTrue(jobs.log().contains("restarting the application in this allocation from checkpoint generation 1"
                + " (restart 1 in place)"), jobs.log());
    }

    @Test
    void anApplicationThatExitsWithItsDeclaredCheckpointExitCodeIsStartedAgainFromWhatItSaved() throws Exception {
        // HTCondor's self-checkpointing job: it saves and exits 85 on its own every 40 steps, nobody asks it
        String id = jobs.submitScript("-t 5 --comment=01:00:00", "export STEP=0.1 SAVE_EVERY=40 QUIT_STATUS=85\n"
                + "exec " + CRJOB + " run --min-run 1 --checkpoint-exit-code 85 --state count.state -- "
                + COUNT_AND_QUIT + " 150\n");

        JobInfo done = jobs.awaitEnd(id);

        assertEquals(JobState.COMPLETED, done.state(), jobs.log());
        assertEquals(IntStream.rangeClosed(1, 150).boxed().toList(), jobs.counted(), "every step exactly once");
        assertTrue(jobs.log().contains("the application exited with status 85, its --checkpoint-exit-code: it saved"
                + " its state and quit"), jobs.log());
        assertTrue(jobs.log().contains("(restart 3 in place)"), jobs.log());
    }

    @Test
    void anApplicationThatQuitsWithItsCheckpointExitCodeWithoutSavingAnythingIsStoppedNotRestartedForever()
            throws Exception {
        Path app = BatchScripts.write(dir, "quits.sh", "exit 85\n");
        String id = jobs.submitScript("-t 5 --comment=01:00:00", "echo saved > state.dat\n"
                + "exec " + CRJOB + " run --min-run 1 --checkpoint-exit-code 85 --state state.dat -- " + app + "\n");

        JobInfo done = jobs.awaitEnd(id);

        assertEquals(JobState.FAILED, done.state(), jobs.log());
        assertEquals(0, done.restarts());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(jobs.log().contains("crjob: the"
                + " application exited with status 85 (its --checkpoint-exit-code) after each of its last 3 starts"
                + " without crjob asking it to save and without writing any of its --state files: it makes no"
                + " progress, so it is not started again (its newest checkpoint, generation 3, is kept)"), jobs.log()));
    }
}
