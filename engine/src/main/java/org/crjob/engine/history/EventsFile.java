package org.crjob.engine.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.crjob.engine.json.JsonMappers;
import org.crjob.failure.FailedException;
import org.crjob.failure.IoReasons;
import org.crjob.failure.UnexpectedStateException;
import org.crjob.joblog.JobLog;

/**
 * Reads a job's {@code events.jsonl}. A line that is not a JSON object with a {@code time} and an {@code event}
 * (a line cut short by a full disk, say) is skipped with one warning naming file:line; the rest still tells the story.
 */
final class EventsFile {

    private static final ObjectMapper MAPPER = JsonMappers.builder().build();

    private EventsFile() {
    }

    static List<JobEvent> read(Path file, JobLog log) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UnexpectedStateException("no event log " + file + ": run crjob report in the job's working"
                    + " directory (where crjob run kept .crjob/JOBID/), or give that directory with --dir");
        } catch (IOException e) {
            throw new FailedException("cannot read the event log " + file + ": " + IoReasons.of(e));
        }
        List<JobEvent> events = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            Optional<JobEvent> event = parse(lines.get(i));
            if (event.isPresent()) {
                events.add(event.get());
            } else {
                log.warning(file + ":" + (i + 1) + ": not an event line (a JSON object with time and event), skipped");
            }
        }
        return events;
    }

    private static Optional<JobEvent> parse(String line) {
        try {
            JsonNode node = MAPPER.readTree(line);
            if (node == null || !node.isObject() || !node.path("event").isTextual()) {
                return Optional.empty();
            }
            return Optional.of(new JobEvent(Instant.parse(node.path("time").asText()), node.get("event").asText(),
                    node));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
