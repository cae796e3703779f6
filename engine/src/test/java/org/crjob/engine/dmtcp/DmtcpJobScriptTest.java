package org.crjob.engine.dmtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.crjob.engine.EngineKind;
import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.engine.protocol.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The variables crjob start-coordinator gives a job script's own DMTCP commands, from the job's environment. */
class DmtcpJobScriptTest {
    @TempDir
    Path dir;
    private CoordinatorInfo coordinator;

    @BeforeEach
    void aDmtcpCoordinatorListeningOnPort7779() throws Exception {
        Instant now = Instant.now();
        coordinator = new CoordinatorInfo("42", "nid001234", 40123, 4242, EngineKind.DMTCP.id(), Tokens.newToken(),
                dir, dir.resolve("ckpt"), now, now);
        Path portFile = DmtcpPaths.of(new JobPaths(dir, "42"), dir.resolve("ckpt")).portFile();
        Files.createDirectories(portFile.getParent());
        Files.writeString(portFile, "7779\n");
    }

    @Test
    void theScriptsOfAJobOfOneNodeConnectToTheLoopbackAddress() {
        Map<String, String> env = DmtcpJobScript.environment(coordinator, Map.of(),
                Map.of("SLURM_JOB_NUM_NODES", "1"));

        assertEquals("127.0.0.1", env.get("DMTCP_COORD_HOST"));
        assertEquals("7779", env.get("DMTCP_COORD_PORT"));
    }

    @Test
    void theScriptsOfAJobOfSeveralNodesConnectToTheCoordinatorsNodeByName() {
        Map<String, String> env = DmtcpJobScript.environment(coordinator, Map.of(),
                Map.of("SLURM_JOB_NUM_NODES", "2"));

        assertEquals("nid001234", env.get("DMTCP_COORD_HOST"));
    }

    @Test
    void theRestartEnvironmentHoldsTheJobsVariablesAndCrjobsExports() throws Exception {
        DmtcpJobScript.environment(coordinator, Map.of("CRJOB_JOB_ID", "42"),
                Map.of("SLURM_JOB_ID", "42", "SLURM_RESTART_COUNT", "3"));

        Path imageDir = DmtcpPaths.of(new JobPaths(dir, "42"), dir.resolve("ckpt")).imageDir();
        String restartEnv = Files.readString(imageDir.resolve(DmtcpRestartEnv.FILE_NAME));
        assertTrue(restartEnv.contains("SLURM_RESTART_COUNT=\"3\"\n"), restartEnv);
        assertTrue(restartEnv.contains("SLURM_JOB_ID=\"42\"\n"), restartEnv);
        assertTrue(restartEnv.contains("CRJOB_JOB_ID=\"42\"\n"), restartEnv);
    }
}
