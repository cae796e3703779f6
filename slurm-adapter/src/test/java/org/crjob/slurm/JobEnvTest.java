package org.crjob.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.crjob.failure.UnexpectedStateException;
import org.junit.jupiter.api.Test;

class JobEnvTest {

    @Test
    void readsTheJobFromSlurmVariables() {
        JobEnv env = new JobEnv(Map.of("SLURM_JOB_ID", "123", "SLURM_RESTART_COUNT", "2",
                "SLURM_SUBMIT_DIR", "/scratch/me", "SLURM_JOB_NODELIST", "nid[001-004]"));
        assertTrue(env.inJob());
        assertEquals("123", env.requireJobId());
        assertEquals(2, env.restartCount());
        assertEquals(Path.of("/scratch/me"), env.submitDir().orElseThrow());
        assertEquals("nid[001-004]", env.nodeList().orElseThrow());
    }

    @Test
    void theFirstRunHasRestartCountZeroBecauseSlurmLeavesItUnset() {
        assertEquals(0, new JobEnv(Map.of("SLURM_JOB_ID", "1")).restartCount());
    }

    @Test
    void theOlderJobidVariableIsEnough() {
        assertEquals("77", new JobEnv(Map.of("SLURM_JOBID", "77")).requireJobId());
    }

    @Test
    void outsideAJobTheErrorSaysWhereToRunIt() {
        JobEnv env = new JobEnv(Map.of());
        assertFalse(env.inJob());
        NotInSlurmJobException e = assertThrows(NotInSlurmJobException.class, env::requireJobId);
        assertTrue(e.getMessage().contains("SLURM_JOB_ID is not set"), e.getMessage());
        assertTrue(e.getMessage().contains("sbatch"), e.getMessage());
    }

    @Test
    void aGarbledRestartCountIsNamedInTheError() {
        JobEnv env = new JobEnv(Map.of("SLURM_JOB_ID", "1", "SLURM_RESTART_COUNT", "two"));
        UnexpectedStateException e = assertThrows(UnexpectedStateException.class, env::restartCount);
        assertTrue(e.getMessage().contains("'two'"), e.getMessage());
    }

    @Test
    void arrayTasksKnowTheirArray() {
        JobEnv env = new JobEnv(Map.of("SLURM_JOB_ID", "6", "SLURM_ARRAY_JOB_ID", "5", "SLURM_ARRAY_TASK_ID", "1"));
        assertEquals("5", env.arrayJobId().orElseThrow());
        assertEquals("1", env.arrayTaskId().orElseThrow());
    }
}
