package org.crjob.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.crjob.slurm.InvalidTimeBudgetException;
import org.crjob.slurm.JobEnv;
import org.crjob.slurm.JobState;
import org.crjob.slurm.SlurmTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JobSetupTest {

    @Test
    void aWellSubmittedJobGivesItsBudget() {
        assertEquals(SlurmTime.parse("05:00:00"), JobSetup.check(Jobs.running(), true).remaining().orElseThrow());
    }

    @Test
    void anEmptyCommentIsRefusedWithTheCommandThatSetsOne() {
        JobSetupException e = assertThrows(JobSetupException.class, () -> JobSetup.check(Jobs.withComment(""), true));

        assertTrue(e.getMessage().contains("job 42 has no time budget in its Comment"), e.getMessage());
        assertTrue(e.getMessage().contains("scontrol update JobId=42 Comment=5-00:00:00"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "1:2:3:4"})
    void aCommentThatIsNotATimeIsRefusedNamingIt(String comment) {
        InvalidTimeBudgetException e = assertThrows(InvalidTimeBudgetException.class,
                () -> JobSetup.check(Jobs.withComment(comment), true));

        assertTrue(e.getMessage().contains("the job's Comment is '" + comment + "', which is not a time budget"),
                e.getMessage());
    }

    @Test
    void anUnlimitedBudgetIsRefusedSinceTheJobWouldRequeueForever() {
        JobSetupException e = assertThrows(JobSetupException.class,
                () -> JobSetup.check(Jobs.withComment("UNLIMITED"), true));

        assertTrue(e.getMessage().contains("must be a finite time"), e.getMessage());
    }

    @Test
    void aJobThatMayNotBeRequeuedIsRefusedSayingToAddRequeue() {
        JobSetupException e = assertThrows(JobSetupException.class, () -> JobSetup.check(Jobs.job(JobState.RUNNING,
                "None", "05:00:00", SlurmTime.parse("01:00:00"), false, Map.of()), true));

        assertTrue(e.getMessage().contains("#SBATCH --requeue"), e.getMessage());
    }

    @Test
    void aJobWithoutATimeLimitIsRefused() {
        JobSetupException e = assertThrows(JobSetupException.class, () -> JobSetup.check(Jobs.job(JobState.RUNNING,
                "None", "05:00:00", SlurmTime.UNLIMITED, true, Map.of()), true));

        assertTrue(e.getMessage().contains("TimeLimit=UNLIMITED"), e.getMessage());
    }

    @Test
    void aRunThatNeverRequeuesNeedsNoBudgetNorRequeueButStillATimeLimit() {
        // --max-requeues 0, as each job of a chain runs: it checkpoints and ends, the next job restarts
        assertTrue(JobSetup.check(Jobs.job(JobState.RUNNING, "None", "", SlurmTime.parse("01:00:00"), false,
                Map.of()), false).remaining().isEmpty());
        assertThrows(JobSetupException.class, () -> JobSetup.check(Jobs.job(JobState.RUNNING, "None", "",
                SlurmTime.UNLIMITED, false, Map.of()), false));
    }

    @Test
    void startedOncePerTaskUnderSrunEveryTaskRefusesAndSaysWhereCrjobGoes() {
        JobEnv task = new JobEnv(Map.of("SLURM_JOB_ID", "42", "SLURM_STEP_ID", "0", "SLURM_STEP_NUM_TASKS", "4",
                "SLURM_PROCID", "3"));

        JobSetupException e = assertThrows(JobSetupException.class, () -> JobSetup.checkOnePerJob(task));

        assertTrue(e.getMessage().contains("task 3 of 4 of job step 0"), e.getMessage());
        assertTrue(e.getMessage().contains("exec crjob run -- srun -n 4 ./sim"), e.getMessage());
    }

    @Test
    void theBatchScriptAndASingleTaskStepAreOneVoice() {
        JobSetup.checkOnePerJob(new JobEnv(Map.of("SLURM_JOB_ID", "42", "SLURM_NTASKS", "4", "SLURM_PROCID", "0")));
        JobSetup.checkOnePerJob(new JobEnv(Map.of("SLURM_JOB_ID", "42", "SLURM_STEP_ID", "0",
                "SLURM_STEP_NUM_TASKS", "1")));
    }
}
