package org.crjob.e2e;

import static org.awaitility.Awaitility.await;
import static org.crjob.e2e.VariableTimeJobs.CRJOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.JobState;
import org.junit.jupiter.api.Test;

/**
 * Applications that answer a checkpoint by saving and quitting (GROMACS on TERM or INT, the CÉCI slides' pattern,
 * HTCondor's self-checkpointing jobs) are restarted in place from what they saved: a checkpoint never ends the work.
 */
class SaveAndQuitE2ETest extends VariableTimeJobsTest {
    @Test
    void periodicCheckpointsOfAnApplicationThatSavesAndQuitsNeverEndTheWork() throws Exception {
        // measured on the code before: the first periodic checkpoint ended the job COMPLETED with 36 of 150 steps
        String id = jobs.submitCountAndQuit("-t 5 --comment=01:00:00", "STEP=0.2", "--min-run 1 -i 8 --signal INT",
                150);

        JobInfo done = jobs.awaitEnd(id);

        assertEquals(JobState.COMPLETED, done.state(), jobs.log());
        assertEquals(0, done.restarts(), "no requeue: every restart was in this allocation");
        jobs.assertEveryNumberCountedOnce(150);
        assertTrue(jobs.log().contains("the application exited with status 0 after crjob's SIGINT reached it and wrote"
                + " count.state since: it saved its state and quit"), jobs.log());
        assertTrue(jobs.log().contains("restarting the application in this allocation from checkpoint generation 1"
                + " (restart 1 in place)"), jobs.log());
    }

    @Test
    void anApplicationThatExitsWithItsDeclaredCheckpointExitCodeIsStartedAgainFromWhatItSaved() throws Exception {
        // HTCondor's self-checkpointing job: it saves and exits 85 on its own every 40 steps, nobody asks it
        String id = jobs.submitCountAndQuit("-t 5 --comment=01:00:00", "STEP=0.1 SAVE_EVERY=40 QUIT_STATUS=85",
                "--min-run 1 --checkpoint-exit-code 85", 150);

        JobInfo done = jobs.awaitEnd(id);

        assertEquals(JobState.COMPLETED, done.state(), jobs.log());
        jobs.assertEveryNumberCountedOnce(150);
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
