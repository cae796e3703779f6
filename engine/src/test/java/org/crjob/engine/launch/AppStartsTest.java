package org.crjob.engine.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.crjob.engine.AppSpec;
import org.crjob.engine.EngineKind;
import org.crjob.engine.jobfiles.EventLog;
import org.crjob.engine.jobfiles.RecordedEvents;
import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.engine.protocol.Tokens;
import org.crjob.engine.signal.SignalEngine;
import org.crjob.joblog.RecordingJobLog;
import org.crjob.posix.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crjob restart}'s first start, in the engine since issue 16: what it takes from the generation it restores. */
class AppStartsTest {
    @TempDir
    Path dir;

    private final RecordingJobLog log = new RecordingJobLog();

    @Test
    void withoutCommandOrStateFilesTheGenerationsAreRestoredAndRun() throws Exception {
        Path state = Files.writeString(dir.resolve("count.dat"), "41\n");
        Path ckpt = dir.resolve("ckpt");
        RestartPlanTest.checkpoint(ckpt, List.of("./count.sh", "--to", "100"), state);
        Files.writeString(state, "overwritten\n");

        AppStarts.Restored restored = starts(ckpt, EngineKind.SIGNAL).restartAsRecorded(
                new AppStarts.RestartRequest(List.of(), List.of(), AppStartsTest::spec), 2);

        assertEquals(List.of("./count.sh", "--to", "100"), restored.start().spec().command());
        assertEquals(List.of("./count.sh", "--to", "100"), restored.start().argv(), "the signal engine runs it as it is");
        assertEquals(List.of(state), restored.start().spec().stateFiles(), "the application reads its own state files");
        assertEquals("41\n", Files.readString(state));
        assertEquals(Optional.of(1), restored.start().generation());
        assertEquals(1, restored.generation().number());
        assertEquals("2", restored.start().env().get(RestartPlan.ENV_RESTART_COUNT));
    }

    @Test
    void aRestartRecordsTheGenerationItRestoredAndThatItVerified() throws Exception {
        Path state = Files.writeString(dir.resolve("count.dat"), "41\n");
        Path ckpt = dir.resolve("ckpt");
        RestartPlanTest.checkpoint(ckpt, List.of("./count.sh"), state);
        Path events = dir.resolve("events.jsonl");
        AppStarts starts = new AppStarts(new SignalEngine(), coordinator(EngineKind.SIGNAL), ckpt, dir, false,
                new EventLog(events, log), log);

        starts.restart(spec(List.of("./count.sh"), List.of(state)), 1);

        JsonNode restore = new RecordedEvents(events).only("restore");
        assertEquals(1, restore.get("generation").asInt());
        assertEquals(true, restore.get("verified").asBoolean());
        assertEquals("[]", restore.get("fellBackFrom").toString());
        assertTrue(restore.get("seconds").isNumber(), restore::toString);
    }

    @Test
    void givenCommandAndStateFilesAreKept() throws Exception {
        Path state = Files.writeString(dir.resolve("count.dat"), "41\n");
        Path ckpt = dir.resolve("ckpt");
        RestartPlanTest.checkpoint(ckpt, List.of("./old.sh"), state);
        Path here = Files.createDirectory(dir.resolve("run2")).resolve("count.dat"); // matched by name

        AppStarts.Restored restored = starts(ckpt, EngineKind.SIGNAL).restartAsRecorded(
                new AppStarts.RestartRequest(List.of("./new.sh"), List.of(here), AppStartsTest::spec), 1);

        assertEquals(List.of("./new.sh"), restored.start().spec().command());
        assertEquals(List.of(here), restored.start().spec().stateFiles());
        assertEquals("41\n", Files.readString(here));
    }

    private AppStarts starts(Path ckpt, EngineKind engine) {
        return new AppStarts(new SignalEngine(), coordinator(engine), ckpt, dir, false, EventLog.discarding(), log);
    }

    private CoordinatorInfo coordinator(EngineKind engine) {
        return new CoordinatorInfo("42", "localhost", 40123, 4242, engine.id(), Tokens.newToken(), dir,
                dir.resolve("ckpt"), Instant.now(), Instant.now());
    }

    private static AppSpec spec(List<String> command, List<Path> stateFiles) {
        return new AppSpec(command, stateFiles, Signal.USR1, Path.of("/tmp/done"), Duration.ofSeconds(5));
    }
}
