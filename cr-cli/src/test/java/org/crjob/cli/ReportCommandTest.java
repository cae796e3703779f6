package org.crjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.crjob.slurm.UnusedSlurm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crjob report}: a job's history from its event log, in the terminal, as JSON, as a page. */
class ReportCommandTest {
    private static final String TWO_RUNS = """
            {"time":"2026-12-01T10:00:00Z","event":"run-start","run":1,"jobId":"4242","limitSeconds":600,"budgetLeftSeconds":3600}
            {"time":"2026-12-01T10:00:01Z","event":"launch","pid":7,"command":"./count.sh","engine":"signal"}
            {"time":"2026-12-01T10:09:00Z","event":"checkpoint-start","reason":"signal"}
            {"time":"2026-12-01T10:09:02Z","event":"checkpoint","generation":1,"bytes":10,"seconds":2,"reason":"signal"}
            {"time":"2026-12-01T10:09:03Z","event":"run-end","run":1,"ending":"requeued","chargedSeconds":543}
            {"time":"2026-12-01T10:12:00Z","event":"run-start","run":2,"jobId":"4242","limitSeconds":600,"budgetLeftSeconds":3057}
            {"time":"2026-12-01T10:12:01Z","event":"launch","pid":8,"command":"./count.sh","engine":"signal"}
            {"time":"2026-12-01T10:15:00Z","event":"run-end","run":2,"ending":"finished","exitStatus":0,"chargedSeconds":180}
            """;

    @TempDir
    Path dir;
    private CliContext inDir;

    @BeforeEach
    void aJobThatRanTwice() throws Exception {
        Path events = dir.resolve(".crjob").resolve("4242").resolve("events.jsonl");
        Files.createDirectories(events.getParent());
        Files.writeString(events, TWO_RUNS);
        inDir = new CliContext(new UnusedSlurm() { }, Map.of(), Clock.systemUTC(), dir);
    }

    @Test
    void theReportOfAJobInThisDirectoryHasARowPerRun() {
        CliRun run = CliRun.in(inDir, "report", "4242");

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("job 4242: ./count.sh\n"), run.out());
        assertTrue(run.out().contains("\n1    2026-12-01 10:00:00 10:09:03 requeued "), run.out());
        assertTrue(run.out().contains("\n2    2026-12-01 10:12:00 10:15:00 finished "), run.out());
    }

    @Test
    void dirNamesTheJobsWorkingDirectory() {
        CliContext elsewhere = new CliContext(new UnusedSlurm() { }, Map.of(), Clock.systemUTC(), dir.getParent());

        CliRun run = CliRun.in(elsewhere, "report", "4242", "--dir", dir.getFileName().toString());

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.out().contains("budget used"), run.out());
    }

    @Test
    void jsonHasTheRunsTotalsAndAdvice() throws Exception {
        CliRun run = CliRun.in(inDir, "report", "4242", "--json");

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        JsonNode report = JsonMixin.mapper().readTree(run.out());
        assertEquals(2, report.path("history").path("runs").size(), run.out());
        assertEquals("requeued", report.path("history").path("runs").get(0).path("ending").asText());
        assertEquals(1, report.path("totals").path("requeues").asInt(), run.out());
        assertTrue(report.path("advice").isArray(), run.out());
    }

    @Test
    void htmlWritesAPageWithARunBarPerRun() throws Exception {
        CliRun run = CliRun.in(inDir, "report", "4242", "--html", "report.html");

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        String page = Files.readString(dir.resolve("report.html"));
        assertEquals(2, page.split("data-run=").length - 1, page);
        assertTrue(run.out().endsWith("timeline: " + dir.resolve("report.html") + "\n"), run.out());
    }

    @Test
    void aMissingEventLogExitsWithTheStateCodeNamingTheFile() {
        CliRun run = CliRun.in(inDir, "report", "4243");

        assertEquals(ExitCode.UNEXPECTED_STATE, run.exitCode(), run.err());
        assertTrue(run.err().contains(dir.resolve(".crjob/4243/events.jsonl").toString()), run.err());
        assertTrue(run.err().contains("--dir"), run.err());
    }

    @Test
    void aMalformedLineIsSkippedWithAWarningNamingFileAndLine() throws Exception {
        Path events = dir.resolve(".crjob").resolve("4242").resolve("events.jsonl");
        Files.writeString(events, TWO_RUNS + "{\"time\":\"2026-12-01T10:16:00Z\",\"ev\n");

        CliRun run = CliRun.in(inDir, "report", "4242");

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.err().contains("warning: " + events + ":9: not an event line"), run.err());
    }
}
