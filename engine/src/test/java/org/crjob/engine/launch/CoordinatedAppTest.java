package org.crjob.engine.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crjob.engine.AppSpec;
import org.crjob.engine.EngineKind;
import org.crjob.engine.coordinator.CoordinatorConfig;
import org.crjob.engine.coordinator.CoordinatorStack;
import org.crjob.engine.dmtcp.DmtcpOptions;
import org.crjob.engine.jobfiles.EventLog;
import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.engine.jobfiles.RecordedEvents;
import org.crjob.joblog.JobLog;
import org.crjob.joblog.RecordingJobLog;
import org.crjob.posix.Signal;
import org.crjob.slurm.JobEnv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crjob launch} and {@code crjob restart} as one engine call each, against a coordinator of the signal engine
 * served over TCP as start-coordinator's daemon serves it (here in the test's JVM).
 */
class CoordinatedAppTest {
    @TempDir
    Path dir;

    private final RecordingJobLog log = new RecordingJobLog();

    @Test
    void launchRunsTheCommandUnderTheCoordinatorAndReturnsItsStatus() {
        try (CoordinatorStack stack = open()) {
            CoordinatedApp app = CoordinatedApp.attach(stack.host().info(), DmtcpOptions.DEFAULTS, new JobEnv(Map.of()),
                    dir, log);

            CoordinatedApp.AppEnd end = app.launch(spec(List.of("sh", "-c", "exit 3"), List.of()));

            assertEquals(new CoordinatedApp.AppEnd(3, Optional.empty()), end);
            assertTrue(log.events().contains("launching sh -c exit 3"), log.toString());
        }
    }

    @Test
    void restartWithoutACommandRunsTheRecordedOneOnItsRestoredState() throws Exception {
        Path state = Files.writeString(dir.resolve("count.dat"), "41\n");
        Path seen = dir.resolve("seen.dat");
        RestartPlanTest.checkpoint(dir.resolve("ckpt"), List.of("cp", state.toString(), seen.toString()), state);
        Files.writeString(state, "overwritten\n");
        try (CoordinatorStack stack = open()) {
            CoordinatedApp app = CoordinatedApp.attach(stack.host().info(), DmtcpOptions.DEFAULTS, new JobEnv(Map.of()),
                    dir, log);

            CoordinatedApp.AppEnd end = app.restart(new AppStarts.RestartRequest(List.of(), List.of(),
                    CoordinatedAppTest::spec), Optional.empty(), false);

            assertEquals(new CoordinatedApp.AppEnd(0, Optional.empty()), end, log.toString());
            assertEquals("41\n", Files.readString(seen));
            assertTrue(log.events().contains("restarting from checkpoint generation 1 (" + dir.resolve("ckpt/gen-000001")
                    + "): cp " + state + " " + seen), log.toString());
            JsonNode restore = new RecordedEvents(new JobPaths(dir, "42").eventsFile()).only("restore");
            assertEquals(1, restore.get("generation").asInt(), "recorded with the job's events");
        }
    }

    private CoordinatorStack open() {
        CoordinatorConfig config = new CoordinatorConfig("42", EngineKind.SIGNAL.id(), dir, dir.resolve("ckpt"), 2,
                Duration.ZERO, false, Duration.ofSeconds(5));
        return CoordinatorStack.open(config, "test", new EventLog(dir.resolve("events.jsonl"), JobLog.silent()), 0,
                Duration.ofSeconds(1), Clock.systemUTC(), log);
    }

    private static AppSpec spec(List<String> command, List<Path> stateFiles) {
        return new AppSpec(command, stateFiles, Signal.USR1, Path.of("/tmp/done"), Duration.ofSeconds(5));
    }
}
