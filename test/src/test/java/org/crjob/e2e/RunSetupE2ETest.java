package org.crjob.e2e;

import static org.awaitility.Awaitility.await;
import static org.crjob.e2e.VariableTimeJobs.COUNT;
import static org.crjob.e2e.VariableTimeJobs.CRJOB;
import static org.crjob.e2e.VariableTimeJobs.PATIENCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.crjob.posix.Signal;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.SignalTarget;
import org.junit.jupiter.api.Test;

/** What crjob run checks in the job's own settings before it touches anything, and what it warns about. */
class RunSetupE2ETest extends VariableTimeJobsTest {
    private static final String COUNT_TO_20 = "export COUNT_TO=20 COUNT_STEP=0.05\n";

    @Test
    void aCommentThatIsNotABudgetStopsTheJobBeforeTheApplicationStarts() throws Exception {
        String id = jobs.submit("-t 5 --comment=my-experiment", 100, "0.1", "");

        assertRefusedBeforeAnythingRan(id, "the job's Comment is 'my-experiment', which is not a time budget");
    }

    @Test
    void aJobWithoutABudgetIsToldHowToSetOne() throws Exception {
        String id = jobs.submit("-t 5", 100, "0.1", "");

        assertRefusedBeforeAnythingRan(id, "has no time budget in its Comment");
    }

    @Test
    void aJobSubmittedWithNoRequeueIsRefusedSayingToAddRequeue() throws Exception {
        String id = jobs.submitExactly("-t 5 --comment=01:00:00 --no-requeue --open-mode=append",
                COUNT_TO_20 + "exec " + CRJOB + " run --state count.ckpt -- " + COUNT + "\n");

        assertRefusedBeforeAnythingRan(id, "may not be requeued (Requeue=0");
    }

    @Test
    void aCommandThatIsMissingOrNotExecutableIsRefusedBeforeAnythingRuns() throws Exception {
        BatchScripts.write(dir, "not-executable.sh", "echo hi\n");
        Files.setPosixFilePermissions(dir.resolve("not-executable.sh"),
                PosixFilePermissions.fromString("rw-------"));
        String missing = jobs.submitScript("-t 5 --comment=01:00:00", "exec " + CRJOB + " run -- ./no-such-sim in.nml\n");
        assertRefusedBeforeAnythingRan(missing, "crjob: cannot start ./no-such-sim: no such file, or not executable");
        String notExecutable = jobs.submitScript("-t 5 --comment=01:00:00",
                "exec " + CRJOB + " run -- ./not-executable.sh\n");

        assertRefusedBeforeAnythingRan(notExecutable, "crjob: cannot start ./not-executable.sh");
    }

    @Test
    void aJobWithoutATimeLimitIsRefused() throws Exception {
        String id = jobs.submit("-t UNLIMITED --comment=01:00:00", 100, "0.1", "");

        assertRefusedBeforeAnythingRan(id, "has no time limit (TimeLimit=UNLIMITED)");
    }

    @Test
    void crjobRunStartedOncePerTaskUnderSrunIsRefusedInEveryTask() throws Exception {
        String underSrun = jobs.submitScript("-n 2 -t 5 --comment=01:00:00 --signal=B:USR1@60", COUNT_TO_20
                + "srun -n 2 " + CRJOB + " run --state count.ckpt -- " + COUNT + "\n");

        JobInfo done = jobs.awaitEnd(underSrun);

        assertEquals(2, jobs.log().split("must run once per job, in the batch script", -1).length - 1, jobs.log());
        assertTrue(jobs.log().contains("exec crjob run -- srun -n 2 ./sim"), jobs.log());
        assertFalse(Files.exists(dir.resolve("count.txt")), "nothing ran");
        assertEquals(0, done.restarts());
    }

    @Test
    void aSignalWithoutBAndAMissingAppendModeEachGetOneWarningAndTheRunGoesOn() throws Exception {
        String id = jobs.submitExactly("-t 5 --comment=01:00:00 --requeue", "#SBATCH --signal=USR1@60\n"
                + COUNT_TO_20 + "exec " + CRJOB + " run --state count.ckpt -- " + COUNT + "\n");

        JobInfo done = jobs.awaitEnd(id);

        assertEquals("0:0", done.field("ExitCode").orElseThrow(), jobs.log());
        assertTrue(jobs.log().contains("warning: --signal=USR1@60 has no B:, so Slurm sends USR1 to the job steps"
                + " only"), jobs.log());
        assertTrue(jobs.log().contains("add #SBATCH --open-mode=append"), jobs.log());
        assertEquals(20, jobs.counted().size());
    }

    @Test
    void crjobRunInTheForegroundOfTheScriptIsToldToExec() throws Exception {
        String id = jobs.submitExactly("-t 5 --comment=01:00:00 --requeue", "#SBATCH --signal=B:USR1@60\n"
                + "#SBATCH --open-mode=append\n" + COUNT_TO_20 + CRJOB + " run --state count.ckpt -- " + COUNT + "\n");

        jobs.awaitEnd(id);

        assertTrue(jobs.log().contains("crjob run is a child of the batch script, not the script itself, and the"
                + " script sets no trap"), jobs.log());
        assertEquals(20, jobs.counted().size());
    }

    @Test
    void aSignalLeadShorterThanTheMeasuredCheckpointIsWarnedAboutInTheNextRun() throws Exception {
        // an application that takes 12 s to save, and a --signal lead of 5 s
        Path slowSaver = BatchScripts.write(dir, "slow-saver.sh", """
                trap 'sleep 12; echo saved > state.dat; touch "$CRJOB_DONE_FILE"' USR1
                touch ready
                while true; do sleep 0.2 & wait $!; done
                """);
        String id = jobs.submitExactly("-t 5 --comment=01:00:00 --requeue", "#SBATCH --signal=B:USR1@5\n"
                + "#SBATCH --open-mode=append\n"
                + "exec " + CRJOB + " run --min-run 1 --checkpoint-timeout 60 --state state.dat -- " + slowSaver + "\n");
        await().atMost(PATIENCE).until(() -> Files.exists(dir.resolve("ready"))); // its trap is set

        jobs.slurm.signal(id, Signal.USR1, SignalTarget.BATCH_SHELL);
        jobs.awaitRequeued(id, 1);
        jobs.releaseUntilRunning(id);

        await().atMost(PATIENCE).until(() -> jobs.log().contains("restarting from checkpoint generation 1"));
        assertTrue(jobs.log().contains("warning: --signal=B:USR1@5 comes 5 s before the limit, but a checkpoint here"
                + " took 12 s"), jobs.log());
    }

    private void assertRefusedBeforeAnythingRan(String id, String message) {
        JobInfo done = jobs.awaitEnd(id);
        assertEquals("2:0", done.field("ExitCode").orElseThrow(), jobs.log());
        assertTrue(jobs.log().contains(message), jobs.log());
        assertFalse(Files.exists(dir.resolve("count.txt")), "nothing ran");
        assertFalse(Files.exists(dir.resolve("crjob.ckpt")), "nothing was touched");
        assertEquals(0, done.restarts());
    }
}
