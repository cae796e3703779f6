package org.crjob.engine.jobfiles;

import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.WRITE;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.crjob.engine.protocol.Json;
import org.crjob.engine.protocol.Wire;
import org.crjob.joblog.JobLog;
import org.crjob.posix.PrivatePaths;

/**
 * Appends one JSON line per event to {@code events.jsonl}:
 * {@code {"time":"2025-01-01T12:00:01Z","event":"checkpoint","generation":3,...}}.
 *
 * <p>The log is a record, not the work: when it cannot be written (disk full, directory gone) the
 * caller carries on, and the warning sink hears about it once, not once per event.
 */
public final class EventLog {

    private static final Set<String> RESERVED = Set.of("time", "event");

    private final Path file;
    private final Clock clock;
    private final JobLog log;
    private final boolean discard;
    private boolean failing;

    public EventLog(Path file, JobLog log) {
        this(file, Clock.systemUTC(), log);
    }

    public EventLog(Path file, Clock clock, JobLog log) {
        this(file, clock, log, false);
    }

    private EventLog(Path file, Clock clock, JobLog log, boolean discard) {
        this.file = Objects.requireNonNull(file, "file");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
        this.discard = discard;
    }

    /** For a job script's own steps (crjob requeue), which have no job directory of crjob's to write events to. */
    public static EventLog discarding() {
        return new EventLog(Path.of("/dev/null"), Clock.systemUTC(), JobLog.silent(), true);
    }

    /**
     * An event's fields from name, value pairs, in that order; a value may be null (written as JSON null), which
     * {@link Map#of} refuses.
     */
    public static Map<String, Object> fields(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("fields come in name, value pairs; got " + namesAndValues.length
                    + " values");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }

    /**
     * When this job's first event was recorded: the start of its life under crjob, for a requeued run. Empty when
     * there is none yet, or the file is not the user's own and private, or its first line has no readable time.
     */
    public Optional<Instant> firstTime() {
        try {
            // checked before it is opened: never read (nor block on) what another user could have put there
            if (PrivatePaths.whyNotPrivate(file).isPresent()
                    || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
        } catch (IOException none) {
            return Optional.empty(); // no event yet: this run's own start is the life's known start
        }
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = lines.readLine();
            return first == null ? Optional.empty()
                    : Optional.of(Instant.parse(Json.MAPPER.readTree(first).path("time").asText()));
        } catch (IOException | DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }

    public Path file() {
        return file;
    }

    /**
     * The lines written so far; none when there are none yet, or the file is not the user's own and private, or it
     * cannot be read. Checked before it is opened, as {@link #firstTime()} does.
     */
    List<String> lines() {
        try {
            if (discard || PrivatePaths.whyNotPrivate(file).isPresent()
                    || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return List.of();
            }
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException none) {
            return List.of();
        }
    }

    /**
     * Appends {@code event} with {@code fields} (in the map's order; values as Jackson writes them,
     * instants and paths as strings). Never throws for a write failure; see the class comment.
     *
     * @throws IllegalArgumentException when a field is named "time" or "event", which the line
     *                                  already has: a bug in the caller, not a runtime condition
     */
    public void append(String event, Map<String, ?> fields) {
        if (event == null || event.isBlank()) {
            throw new IllegalArgumentException("an event needs a name, got " + Wire.quote(event));
        }
        if (discard) {
            return;
        }
        Map<String, ?> all = fields == null ? Map.of() : fields;
        for (String key : all.keySet()) {
            if (RESERVED.contains(key)) {
                throw new IllegalArgumentException("event field " + Wire.quote(key) + " would overwrite the line's own;"
                        + " rename it");
            }
        }
        byte[] line;
        try {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("time", clock.instant().toString());
            node.put("event", event);
            all.forEach((key, value) -> node.set(key, Json.MAPPER.valueToTree(value)));
            line = (Json.MAPPER.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException | IllegalArgumentException e) {
            warnOnce("cannot write event " + Wire.quote(event) + " to " + file + " as JSON: " + e.getMessage());
            return;
        }
        write(event, line);
    }

    /**
     * One write call per line on an O_APPEND descriptor: lines from concurrent callers (and from
     * another process appending to the same file) never interleave. Opened per event, because events
     * are rare and a file deleted or moved meanwhile should simply be created again.
     */
    private synchronized void write(String event, byte[] line) {
        try (FileChannel out = FileChannel.open(file, Set.of(CREATE, APPEND, WRITE),
                PosixFilePermissions.asFileAttribute(StateFile.PRIVATE_FILE))) {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            if (failing) {
                failing = false;
                log.event("events are written to " + file + " again");
            }
        } catch (IOException | UnsupportedOperationException e) {
            warnOnce("cannot append event " + Wire.quote(event) + " to " + file + " (" + e
                    + "); the job carries on, but events are missing from that file until this is fixed");
        }
    }

    private synchronized void warnOnce(String message) {
        if (!failing) {
            failing = true;
            log.warning(message);
        }
    }
}
