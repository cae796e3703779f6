package org.crjob.engine.jobfiles;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.crjob.engine.protocol.Json;
import org.crjob.joblog.RecordingJobLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogTest {

    private final RecordingJobLog jobLog = new RecordingJobLog();

    @Test
    void anEventIsOneJsonLineWithTimeAndNameFirst(@TempDir Path tmp) throws IOException {
        Clock clock = Clock.fixed(Instant.parse("2025-03-04T05:06:07Z"), ZoneOffset.UTC);
        EventLog log = new EventLog(tmp.resolve("events.jsonl"), clock, jobLog);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("generation", 3);
        fields.put("bytes", 1_288_490_188L);
        fields.put("duration", Duration.ofMillis(2100));
        fields.put("dir", tmp.resolve("gen-000003"));

        log.append("checkpoint", fields);

        List<String> lines = Files.readAllLines(log.file());
        assertEquals(List.of("{\"time\":\"2025-03-04T05:06:07Z\",\"event\":\"checkpoint\",\"generation\":3,"
                + "\"bytes\":1288490188,\"duration\":\"PT2.1S\",\"dir\":\"" + tmp.resolve("gen-000003") + "\"}"), lines);
        assertEquals(List.of(), jobLog.entries());
    }

    @Test
    void aFieldWithoutAValueIsWrittenAsNull(@TempDir Path tmp) throws IOException {
        Clock clock = Clock.fixed(Instant.parse("2025-03-04T05:06:07Z"), ZoneOffset.UTC);
        EventLog log = new EventLog(tmp.resolve("events.jsonl"), clock, jobLog);

        log.append("run-end", EventLog.fields("run", 2, "ending", "stopped", "exitStatus", null));

        assertEquals(List.of("{\"time\":\"2025-03-04T05:06:07Z\",\"event\":\"run-end\",\"run\":2,"
                + "\"ending\":\"stopped\",\"exitStatus\":null}"), Files.readAllLines(log.file()));
    }

    @Test
    void theFirstEventsTimeIsWhenTheJobsLifeBegan(@TempDir Path tmp) {
        Path file = tmp.resolve("events.jsonl");
        EventLog first = new EventLog(file, Clock.fixed(Instant.parse("2026-12-02T22:00:00Z"), ZoneOffset.UTC),
                jobLog);
        assertEquals(Optional.empty(), first.firstTime(), "no event yet");
        first.append("run-start", Map.of("run", 1));
        EventLog later = new EventLog(file, Clock.fixed(Instant.parse("2026-12-03T14:00:00Z"), ZoneOffset.UTC),
                jobLog);
        later.append("run-start", Map.of("run", 2));

        assertEquals(Optional.of(Instant.parse("2026-12-02T22:00:00Z")), later.firstTime());
    }

    @Test
    void aFirstLineOthersCouldHaveWrittenIsNotTrusted(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("events.jsonl");
        Files.writeString(file, "{\"time\":\"2020-01-01T00:00:00Z\",\"event\":\"run-start\"}\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

        assertEquals(Optional.empty(), new EventLog(file, jobLog).firstTime());
    }

    @Test
    void concurrentAppendsGiveOneWholeLinePerEvent(@TempDir Path tmp) throws Exception {
        EventLog log = new EventLog(tmp.resolve("events.jsonl"), jobLog);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        String padding = "x".repeat(500); // long lines, so a torn write would show
        for (int t = 0; t < 8; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < 200; i++) {
                    log.append("tick", Map.of("thread", thread, "i", i, "pad", padding));
                }
            }));
        }
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        List<String> lines = Files.readAllLines(log.file());
        assertEquals(1600, lines.size());
        Set<String> seen = new HashSet<>();
        for (String line : lines) {
            JsonNode node = Json.MAPPER.readTree(line);
            assertEquals("tick", node.get("event").asText());
            Instant.parse(node.get("time").asText());
            seen.add(node.get("thread").asInt() + "/" + node.get("i").asInt());
        }
        assertEquals(1600, seen.size(), "every event exactly once");
        assertEquals(List.of(), jobLog.entries());
    }

    @Test
    void aLogThatCannotBeWrittenWarnsOnceAndNeverThrows(@TempDir Path tmp) throws IOException {
        Path notADirectory = Files.writeString(tmp.resolve("state"), "a file where a directory should be");
        EventLog log = new EventLog(notADirectory.resolve("events.jsonl"), jobLog);

        for (int i = 0; i < 3; i++) {
            assertDoesNotThrow(() -> log.append("checkpoint", Map.of("generation", 1)));
        }

        assertEquals(1, jobLog.warnings().size(), jobLog.warnings().toString());
        String warning = jobLog.warnings().get(0);
        assertTrue(warning.contains(notADirectory.resolve("events.jsonl").toString()), warning);
        assertTrue(warning.contains("\"checkpoint\""), warning);
    }

    @Test
    void aFieldCannotOverwriteTimeOrEvent(@TempDir Path tmp) {
        EventLog log = new EventLog(tmp.resolve("events.jsonl"), jobLog);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> log.append("exit", Map.of("time", "now")));

        assertTrue(e.getMessage().contains("\"time\""), e.getMessage());
    }
}
