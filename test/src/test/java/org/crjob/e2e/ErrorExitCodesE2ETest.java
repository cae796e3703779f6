package org.crjob.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.crjob.engine.dmtcp.DmtcpInstallation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, item 4: a message that tells the user what to do is the user's mistake or a state to fix, never "internal
 * error" with exit 4 and a hint to use --verbose. Through bin/crjob, as a user runs it: the exit code and the one
 * line printed.
 */
@EndToEnd
class ErrorExitCodesE2ETest {

    @Test
    void aRestartCountThatIsNoNumberIsAStateToFixNotAnInternalError(@TempDir Path dir) {
        Crjob.Result run = Crjob.exec(List.of(Crjob.LAUNCHER.toString(), "restart-count"), dir,
                Map.of("SLURM_JOB_ID", "4242", "SLURM_RESTART_COUNT", "two"));

        assertEquals(3, run.exitCode(), run::toString);
        assertEquals("crjob: SLURM_RESTART_COUNT is 'two', not a count: unset it or set it to a whole number of 0 or"
                + " more\n", run.err());
    }

    @Test
    void aDmtcpCoordinatorWithoutItsPortFileSaysRestartTheCoordinatorAndExits3(@TempDir Path dir) {
        DmtcpInstallation dmtcp = DmtcpForTests.installationOrSkip();
        String id = "local-errors" + ProcessHandle.current().pid();
        Map<String, String> env = Map.of("CRJOB_JOB_ID", id, "DMTCP_ROOT", dmtcp.bin().getParent().toString());
        Crjob.Result started = Crjob.exec(List.of(Crjob.LAUNCHER.toString(), "start-coordinator", "--engine", "dmtcp"),
                dir, env);
        assertEquals(0, started.exitCode(), started::toString);
        try {
            Path portFile = dir.resolve(".crjob").resolve(id).resolve("dmtcp.port");
            assertTrue(Files.exists(portFile), portFile + " written by start-coordinator");
            Files.delete(portFile);

            Crjob.Result launch = Crjob.exec(List.of(Crjob.LAUNCHER.toString(), "launch", "--", "true"), dir, env);

            assertEquals(3, launch.exitCode(), launch::toString);
            assertEquals(1, launch.err().lines().count(), launch::toString);
            assertTrue(launch.err().startsWith("crjob: the job's coordinator runs the dmtcp engine, but its DMTCP"
                    + " coordinator has no port file"), launch::toString);
            assertTrue(launch.err().endsWith("restart the coordinator (crjob quit; crjob start-coordinator --engine"
                    + " dmtcp)\n"), launch::toString);
        } catch (IOException e) {
            throw new AssertionError(e);
        } finally {
            Crjob.exec(List.of(Crjob.LAUNCHER.toString(), "quit"), dir, env);
        }
    }
}
