package org.crjob.engine.history;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.crjob.joblog.JobLog;

/**
 * When the running crjob means to take this run's final checkpoint, as it recorded it: the {@code checkpointAt} of the
 * newest {@code deadline} event since the run's {@code run-start}. That is the plan the job's own options made (its
 * deadline settings, a signal's deferred checkpoint, a shortened limit), not an estimate from outside.
 */
public final class PlannedCheckpoint {

    private PlannedCheckpoint() {
    }

    /**
     * @return empty when the run recorded no deadline (no time limit, a crjob that records none, a job script that
     *         drives crjob itself), when its run has ended, or when the log cannot be read
     */
    public static Optional<Instant> ofCurrentRun(Path eventsFile) {
        if (!Files.isRegularFile(eventsFile, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        List<JobEvent> events;
        try {
            events = EventsFile.read(eventsFile, JobLog.silent());
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
        Optional<Instant> planned = Optional.empty();
        boolean running = false;
        for (JobEvent event : events) {
            if (event.is("run-start") || event.is("run-end")) {
                running = event.is("run-start");
                planned = Optional.empty();
            } else if (running && event.is("deadline")) {
                planned = event.text("checkpointAt").flatMap(PlannedCheckpoint::instant);
            }
        }
        return running ? planned : Optional.empty();
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
