package org.crjob.slurm;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the multi-line output of {@code scontrol show job}. Slurm puts the free-text fields (Comment,
 * Command, WorkDir, StdOut, ...) each on a line of its own, so a Comment with blanks or '=' in it survives;
 * the one-line {@code -o} form would run them together with the fields around them.
 */
final class ScontrolJobParser {

    /** Fields Slurm prints alone on their line; their value is the rest of the line, blanks and all. */
    private static final Set<String> WHOLE_LINE_FIELDS = Set.of(
            "Command", "WorkDir", "Comment", "AdminComment", "SystemComment", "Extra",
            "StdErr", "StdIn", "StdOut", "Power");

    /** Of those, the ones Slurm prints with a trailing blank ({@code "Comment=%s "}). */
    private static final Set<String> TRAILING_BLANK_FIELDS = Set.of("Comment", "AdminComment", "SystemComment", "Extra");

    private ScontrolJobParser() {
    }

    /** One map of field name to text per job record in the output. */
    static List<Map<String, String>> records(String output) {
        List<Map<String, String>> records = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        for (String line : output.split("\n", -1)) {
            if (line.isBlank()) {
                if (!current.isEmpty()) {
                    records.add(current);
                    current = new LinkedHashMap<>();
                }
                continue;
            }
            readLine(line, current);
        }
        if (!current.isEmpty()) {
            records.add(current);
        }
        return records;
    }

    private static void readLine(String line, Map<String, String> fields) {
        String text = line.stripLeading();
        int eq = text.indexOf('=');
        String firstKey = eq > 0 ? text.substring(0, eq) : "";
        if (WHOLE_LINE_FIELDS.contains(firstKey)) {
            String value = text.substring(eq + 1);
            if (TRAILING_BLANK_FIELDS.contains(firstKey) && value.endsWith(" ")) {
                value = value.substring(0, value.length() - 1);
            }
            fields.put(firstKey, value);
            return;
        }
        String lastKey = null;
        for (String token : text.split("\\s+")) {
            int at = token.indexOf('=');
            if (at > 0) {
                lastKey = token.substring(0, at);
                fields.put(lastKey, token.substring(at + 1));
            } else if (lastKey != null && !token.isEmpty()) {
                // a value with blanks in it, e.g. JobName=my run: keep the words together
                fields.put(lastKey, fields.get(lastKey) + " " + token);
            }
        }
    }

    static JobInfo toJobInfo(Map<String, String> f) {
        return new JobInfo(
                f.getOrDefault("JobId", ""),
                f.getOrDefault("JobName", ""),
                JobState.parse(f.getOrDefault("JobState", "UNKNOWN")),
                f.getOrDefault("Reason", "None"),
                instant(f.get("StartTime")),
                instant(f.get("EndTime")),
                timeLimit(f.get("TimeLimit")),
                f.getOrDefault("Comment", ""),
                Integer.parseInt(f.getOrDefault("Restarts", "0")),
                Path.of(f.getOrDefault("WorkDir", "/")),
                Optional.ofNullable(f.get("BatchHost")).filter(h -> !h.isBlank() && !h.equals("(null)")),
                "1".equals(f.get("Requeue")),
                f);
    }

    static SlurmTime timeLimit(String text) {
        // A job submitted without -t inherits the partition's limit; scontrol may say so as "Partition_Limit".
        if (text == null || text.isBlank() || text.startsWith("Partition")) {
            return SlurmTime.UNLIMITED;
        }
        return SlurmTime.parse(text);
    }

    /** scontrol prints local times without a zone ("2026-11-23T14:35:33"), or Unknown/None when there is none. */
    static Optional<Instant> instant(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(text).atZone(ZoneId.systemDefault()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
