package org.crjob.e2e;

import static org.awaitility.Awaitility.await;
import static org.crjob.e2e.VariableTimeJobs.PATIENCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.crjob.posix.Signal;
import org.crjob.slurm.JobState;
import org.crjob.slurm.SignalTarget;
import org.junit.jupiter.api.Test;

/** crjob clean on the real local Slurm: Slurm's word decides whose files go, not their age alone. */
class CleanE2ETest extends VariableTimeJobsTest {

    @Test
    void cleanRemovesTheFilesOfAJobThatEndedAndKeepsThoseOfARequeuedJobSlurmHolds() throws Exception {
        String ended = jobs.submit("-t 5 --comment=00:30:00", 5, "0.1", "--min-run 1");
        assertEquals(JobState.COMPLETED, jobs.awaitEnd(ended).state(), jobs.log());
        String held = jobs.submit("-t 5 --comment=00:30:00", 600, "0.1", "--min-run 1");
        await().atMost(PATIENCE).until(() -> jobs.counted().size() >= 15);
        jobs.slurm.signal(held, Signal.USR1, SignalTarget.BATCH_SHELL);
        jobs.awaitRequeued(held, 1);

        Crjob.Result clean = Crjob.run(dir, "clean", "--older-than", "0");

        assertEquals(0, clean.exitCode(), clean::toString);
        assertTrue(clean.out().contains("removed job " + ended + ": ended COMPLETED"), clean::toString);
        assertTrue(clean.out().contains("kept job " + held + ": Slurm still holds the job (PENDING)"), clean::toString);
        assertFalse(Files.exists(dir.resolve(".crjob").resolve(ended)));
        assertTrue(Files.isDirectory(dir.resolve(".crjob").resolve(held)));
        assertTrue(Files.isDirectory(jobs.store(ended)), "the ended job's checkpoints are never cleaned");
    }
}
