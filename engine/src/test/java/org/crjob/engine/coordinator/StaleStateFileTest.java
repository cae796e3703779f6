package org.crjob.engine.coordinator;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.crjob.engine.EngineKind;
import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.engine.jobfiles.StateFile;
import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.neighbour.SecondUser;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 18, item 5: a {@code coordinator.json} left by a requeued job's run names a pid; {@code start-coordinator}
 * ends that leftover coordinator only when the pid is provably it: recorded on this host, started when the
 * coordinator started, and the user's own. Here the pid is another user's unrelated process.
 */
class StaleStateFileTest {

    @RegisterExtension
    final DaemonFixture daemons = new DaemonFixture(() -> this.dir);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "recorded on {0}")
    @ValueSource(strings = {"another node", "this node, an hour before the process started"})
    void aStaleStateFileNeverGetsAnUnrelatedProcessSignalled(String where) throws Exception {
        SecondUser mallory = SecondUser.mallory();
        Process unrelated = mallory.start("sleep", "600");
        try {
            CoordinatorConfig config = DaemonFixture.config("t1", dir, dir.resolve("ckpt"), Duration.ZERO, false);
            leaveStateOfAnEndedRun(config, where.startsWith("another") ? "nid00999" : CoordinatorHostName.local(),
                    (int) unrelated.pid());

            CoordinatorInfo started = daemons.start(config);

            assertNotEquals(unrelated.pid(), started.pid());
            assertTrue(unrelated.isAlive(), "the process named by the stale file was signalled");
        } finally {
            unrelated.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The files a run that ended on {@code host} leaves: its coordinator's pid, and a batch script that is gone. */
    private void leaveStateOfAnEndedRun(CoordinatorConfig config, String host, int pid) throws Exception {
        JobPaths paths = new JobPaths(dir, "t1");
        paths.createStateDir();
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
        StateFile.write(paths.stateFile(), new CoordinatorInfo("t1", host, 40000, pid, EngineKind.SIGNAL.id(),
                "token", dir, dir.resolve("ckpt"), anHourAgo, anHourAgo));
        DaemonConfig.of(config, 0, endedPid()).write(paths.stateDir().resolve("daemon-start.json"));
    }

    private static long endedPid() throws IOException, InterruptedException {
        Process ended = new ProcessBuilder("true").start();
        assertTrue(ended.waitFor(30, TimeUnit.SECONDS), "true did not end");
        return ended.pid();
    }
}
