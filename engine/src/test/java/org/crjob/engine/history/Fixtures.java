package org.crjob.engine.history;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.joblog.RecordingJobLog;

/** The event logs under test resources, put where crjob run writes them, and read as crjob report reads them. */
final class Fixtures {
    private Fixtures() {
    }

    /** {@code fixture} (a file beside this class) as job {@code jobId}'s events.jsonl in {@code workDir}. */
    static Path install(Path workDir, String jobId, String fixture) throws IOException {
        Path events = new JobPaths(workDir, jobId).eventsFile();
        Files.createDirectories(events.getParent());
        try (InputStream in = Fixtures.class.getResourceAsStream(fixture)) {
            if (in == null) {
                throw new IOException("no test resource " + fixture);
            }
            Files.copy(in, events);
        }
        return events;
    }

    static JobReport report(Path workDir, String jobId, String fixture, RecordingJobLog log) throws IOException {
        install(workDir, jobId, fixture);
        return JobReport.read(workDir, jobId, log);
    }
}
