package org.crjob.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.JobState;
import org.junit.jupiter.api.Test;

/**
 * Codes asked to save and stop by a file, not a signal (VASP's STOPCAR, Quantum ESPRESSO's prefix.EXIT, LAMMPS'
 * fix halt on is_file): crjob creates the file, stores what the application saved, removes the file, and starts it
 * again; a stop file crjob did not create is never taken for its own.
 */
class StopFileE2ETest extends VariableTimeJobsTest {
    @Test
    void periodicCheckpointsByStopFileRestartTheApplicationInPlaceUntilItsWorkIsDone() throws Exception {
        String id = jobs.submitCountAndQuit("-t 5 --comment=01:00:00", "STEP=0.2 STOP_FILE=STOP",
                "--min-run 1 -i 8 --stop-file STOP", 150);

        JobInfo done = jobs.awaitEnd(id);

        assertEquals(JobState.COMPLETED, done.state(), jobs.log());
        assertEquals(0, done.restarts(), "no requeue: every restart was in this allocation");
        jobs.assertEveryNumberCountedOnce(150);
        assertTrue(jobs.log().contains("the application exited with status 0 after crjob's stop file "
                + dir.resolve("STOP") + " reached it and wrote count.state since: it saved its state and quit"),
                jobs.log());
        assertTrue(jobs.log().contains("(restart 1 in place)"), jobs.log());
        assertFalse(Files.exists(dir.resolve("STOP")), "crjob removed the stop file it created");
    }

    @Test
    void aStopFileCrjobDidNotCreateIsRefusedBeforeTheApplicationStarts() throws Exception {
        Files.writeString(dir.resolve("STOP"), "");
        String id = jobs.submitCountAndQuit("-t 5 --comment=01:00:00", "STEP=0.2 STOP_FILE=STOP",
                "--min-run 1 --stop-file STOP", 150);

        JobInfo done = jobs.awaitEnd(id);

        assertEquals(JobState.FAILED, done.state(), jobs.log());
        assertEquals("3:0", done.field("ExitCode").orElseThrow(), "crjob's exit code for a state to fix");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(jobs.log().contains("crjob: the stop file "
                + dir.resolve("STOP") + " is present and crjob did not create it: the application would stop on it at"
                + " once, so it is not started. Remove it (rm " + dir.resolve("STOP") + ") and start again"),
                jobs.log()));
        assertFalse(jobs.log().contains("count-and-quit: counting"), "the application never started");
        assertTrue(Files.exists(dir.resolve("STOP")), "not crjob's to remove");
    }

    @Test
    void slurmsOwnWarningSignalWithAStopFileRequeuesAndTheRequeuedRunContinues() throws Exception {
        // 3-minute runs, USR1 90 s before the end (Slurm may send it up to a minute early): 100 s of counting
        // takes two runs or more; each time-limit checkpoint asks by the stop file alone
        String id = jobs.submitCountAndQuit("-t 3 --comment=00:20:00 --signal=B:USR1@90", "STEP=0.5 STOP_FILE=STOP",
                "--min-run 1 --stop-file STOP", 200);

        jobs.completesThroughSlurmsWarnings(id, 200);
        assertTrue(jobs.log().contains("after crjob's stop file " + dir.resolve("STOP") + " reached it"), jobs.log());
        assertFalse(Files.exists(dir.resolve("STOP")), "crjob removed the stop file it created");
    }
}
