package org.crjob.engine.history;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.failure.FailedException;
import org.crjob.failure.IoReasons;
import org.crjob.joblog.JobLog;

/**
 * {@code crjob report}: a job's history read from its event log, its totals and what to change, as text or as a
 * self-contained HTML page with a timeline.
 */
public record JobReport(JobHistory history, Totals totals, List<String> advice) {

    /**
     * Reads the event log of job {@code jobId} in its working directory {@code workDir}; an
     * {@code UnexpectedStateException} names the file when there is none.
     */
    public static JobReport read(Path workDir, String jobId, JobLog log) {
        Path file = new JobPaths(workDir, jobId).eventsFile();
        return of(HistoryBuilder.of(jobId, EventsFile.read(file, log)));
    }

    static JobReport of(JobHistory history) {
        Totals totals = Totals.of(history);
        return new JobReport(history, totals, Advice.of(history, totals));
    }

    public String text() {
        return HistoryText.render(this);
    }

    public String html() {
        return HistoryPage.render(this);
    }

    /** Writes {@link #html()} to {@code file}, replacing what is there. */
    public void writeHtml(Path file) {
        try {
            Files.writeString(file, html(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FailedException("cannot write the report page " + file + ": " + IoReasons.of(e)
                    + "; give --html a file in a directory you can write");
        }
    }
}
