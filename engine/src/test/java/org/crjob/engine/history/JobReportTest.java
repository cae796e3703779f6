package org.crjob.engine.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.failure.UnexpectedStateException;
import org.crjob.joblog.RecordingJobLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** crjob report in the terminal, from fixture event logs: the runs' table, the totals, the advice. */
class JobReportTest {
    @TempDir
    Path workDir;

    private final RecordingJobLog log = new RecordingJobLog();

    @Test
    void threeRunsWithTwoRequeuesShowAsARowEachWithHowTheyEndedAndTheirCheckpoints() throws IOException {
        String text = Fixtures.report(workDir, "4242", "three-runs.jsonl", log).text();

        assertTrue(text.startsWith("job 4242: ./sim --in \"a<b>&c\"\n"), text);
        assertTrue(text.contains("1    2026-12-01 10:00:00 10:58:36 requeued         58m35s   #1 10 s, #2 30 s\n"),
                text);
        assertTrue(text.contains("2    2026-12-01 11:01:00 11:59:26 requeued         58m25s   FAILED after 4.0 s,"
                + " #3 20 s (restored #2)\n"), text);
        assertTrue(text.contains("3    2026-12-01 12:03:00 12:40:01 finished         37m01s   #4 15 s (restored #2,"
                + " fell back from [3])\n"), text);
        assertEquals(List.of(), log.warnings());
    }

    @Test
    void theTotalsAddUpWorkCheckpointsLostTimePendingAndBudget() throws IOException {
        JobReport report = Fixtures.report(workDir, "4242", "three-runs.jsonl", log);
        Totals totals = report.totals();

        assertEquals(3, totals.runs());
        assertEquals(2, totals.requeues());
        // each run's length less its start-up (to the launch), its checkpoints and, when requeued, the time after
        // its last checkpoint: (3516-2-40-6) + (3506-5-24-6) + (2221-5-15)
        assertEquals(9140, totals.workSeconds(), 0.01);
        assertEquals(10 + 30 + 4 + 20 + 15, totals.checkpointSeconds(), 0.01);
        // (last checkpoint + after it + next start-up): (30 + 6 + 5) and (20 + 6 + 5)
        assertEquals(36, totals.lostPerRequeueSeconds(), 0.01);
        assertEquals(144 + 214, totals.pendingSeconds(), 0.01);
        assertEquals(3515 + 3505 + 2221, totals.budgetUsedSeconds(), 0.01);
        assertEquals(3780 - 2221, totals.budgetLeftSeconds(), 0.01);
        String text = report.text();
        assertTrue(text.contains("work time              2h32m\n"), text);
        assertTrue(text.contains("checkpoint time        1m19s (4 checkpoints, 1 failed)\n"), text);
        assertTrue(text.contains("lost per requeue       36 s (2 requeues: last checkpoint, work after it,"
                + " next start)\n"), text);
        assertTrue(text.contains("pending between runs   5m58s\n"), text);
        assertTrue(text.contains("budget used            2h34m, 25m59s left\n"), text);
    }

    @Test
    void theAdviceNamesAGenerousSignalLeadAFailedCheckpointAndAFallbackRestore() throws IOException {
        List<String> advice = Fixtures.report(workDir, "4242", "three-runs.jsonl", log).advice();

        assertEquals(List.of(
                "your --signal lead of 300 s is 10x your longest checkpoint (30 s): --signal=B:USR1@90 would do",
                "a checkpoint failed in run 2 at 11:30:04: disk full: state.dat",
                "run 3 restarted from generation 2, passing over [3] (could not be verified): check them with crjob"
                        + " checkpoints verify"), advice);
    }

    @Test
    void aLogOfTodaysEventsOnlyHasARunPerCoordinatorAndNeverCallsOneFinished() throws IOException {
        JobReport report = Fixtures.report(workDir, "1", "todays-events-only.jsonl", log);

        List<Run> runs = report.history().runs();
        assertEquals(List.of("stopped (saved)", "exit 0"), runs.stream().map(Run::ending).toList());
        assertEquals(List.of(1, 2), runs.stream().map(Run::number).toList());
        assertEquals("./count.sh 100", report.history().command());
        assertEquals(173, report.totals().pendingSeconds(), 0.01);
        assertTrue(report.advice().get(0).startsWith("this log has no run-start/run-end events"),
                report.advice().toString());
        assertEquals(1, report.advice().size(), report.advice().toString());
    }

    @Test
    void aMalformedLineIsSkippedWithOneWarningNamingFileAndLine() throws IOException {
        JobReport report = Fixtures.report(workDir, "77", "budget-low.jsonl", log);

        Path events = new JobPaths(workDir, "77").eventsFile();
        assertEquals(List.of(events + ":3: not an event line (a JSON object with time and event), skipped"),
                log.warnings());
        assertEquals(1, report.history().runs().size());
        assertEquals("requeued", report.history().runs().get(0).ending());
    }

    @Test
    void aRequeuedRunWithoutCheckpointAndABudgetBelowTheLimitAreAdvisedOn() throws IOException {
        List<String> advice = Fixtures.report(workDir, "77", "budget-low.jsonl", log).advice();

        assertEquals(List.of("no checkpoint in run 1: its work was done again in the next run",
                "budget left 12 min: the next run may be cut short"), advice);
    }

    @Test
    void aRunThatRestoredAndFinishedWithoutACheckpointStillSaysWhatItRestored() throws IOException {
        Path events = new JobPaths(workDir, "5").eventsFile();
        Files.createDirectories(events.getParent());
        Files.writeString(events, """
                {"time":"2026-12-01T10:00:00Z","event":"restore","generation":2,"verified":true,"fellBackFrom":[]}
                {"time":"2026-12-01T10:00:01Z","event":"run-start","run":2,"jobId":"5","restoredFrom":2}
                {"time":"2026-12-01T10:00:02Z","event":"launch","pid":9,"command":["./count.sh","10"]}
                {"time":"2026-12-01T10:00:12Z","event":"run-end","run":2,"ending":"finished","exitStatus":0}
                """);

        String text = JobReport.read(workDir, "5", log).text();

        assertTrue(text.startsWith("job 5: ./count.sh 10\n"), text);
        assertTrue(text.contains(" finished ") && text.contains(" none (restored #2)\n"), text);
    }

    @Test
    void aMissingEventLogIsAnErrorNamingThePathAndWhatToDo() {
        UnexpectedStateException e = assertThrows(UnexpectedStateException.class,
                () -> JobReport.read(workDir, "999", log));

        Path events = new JobPaths(workDir, "999").eventsFile();
        assertTrue(e.getMessage().contains(events.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("--dir"), e.getMessage());
    }

    @Test
    void aFinishedJobGetsNoBudgetAdvice() throws IOException {
        JobReport report = Fixtures.report(workDir, "4242", "three-runs.jsonl", log);

        assertTrue(report.history().finished());
        assertFalse(report.advice().stream().anyMatch(line -> line.startsWith("budget")), report.advice().toString());
    }
}
