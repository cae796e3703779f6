package org.crjob.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.JobState;
import org.crjob.slurm.SlurmTime;
import org.junit.jupiter.api.Test;

class BudgetReportTest {
    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
    private static final Clock NOW = Clock.fixed(START.plus(Duration.ofMinutes(12).plusSeconds(30)), ZoneOffset.UTC);

    @Test
    void aRunningJobShowsWhatWouldBeLeftIfItsRunEndedNow() {
        BudgetReport report = BudgetReport.of(job(JobState.RUNNING, "4-23:10:00", 2), NOW);

        assertEquals(Optional.of(SlurmTime.parse("4-22:57:30")), report.leftIfEndedNow());
        assertEquals(Duration.ofSeconds(750), report.thisRun());
        assertEquals("4-22:57:30 of the budget left if this run ended now (4-23:10:00 in Comment, minus 00:12:30 of"
                + " this run so far); 2 restarts so far", report.describe());
    }

    @Test
    void aPendingJobIsNotChargedForARunThatIsNotRunning() {
        BudgetReport report = BudgetReport.of(job(JobState.PENDING, "01:00:00", 1), NOW);

        assertEquals(Optional.of(SlurmTime.parse("01:00:00")), report.leftIfEndedNow());
        assertEquals("01:00:00 of the budget left; 1 restarts so far", report.describe());
    }

    @Test
    void withoutABudgetTheLineSaysHowToSetOne() {
        BudgetReport report = BudgetReport.of(job(JobState.RUNNING, "", 0), NOW);

        assertTrue(report.leftIfEndedNow().isEmpty());
        assertTrue(report.describe().contains("no time budget in its Comment"), report.describe());
    }

    private static JobInfo job(JobState state, String comment, int restarts) {
        return new JobInfo("42", "sim", state, "None", Optional.of(START), Optional.of(START.plusSeconds(3600)),
                SlurmTime.parse("01:00:00"), comment, restarts, Path.of("/tmp"), Optional.of("vm"), true, Map.of());
    }
}
