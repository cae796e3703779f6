package org.crjob.slurm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the one {@code squeue} call of {@link Slurm#myJobs}: one line per job, its fields as {@link #FORMAT} asks,
 * each ended by the unit separator (a character no name or path holds in practice); the Comment comes last, so that
 * even a separator in it stays in it.
 */
final class SqueueParser {

    static final char SEPARATOR = '\u001f';
    private static final List<String> FIELDS = List.of("JobID", "JobArrayID", "Name", "State", "WorkDir",
            "RestartCnt", "StartTime", "EndTime", "TimeLimit", "Comment");
    /** {@code squeue --Format} (-O): a field with a suffix and no width is printed whole, then the suffix. */
    static final String FORMAT = String.join(",", FIELDS.stream().map(f -> f + ":" + SEPARATOR).toList())
            .replaceFirst(SEPARATOR + "$", "");

    private SqueueParser() {
    }

    static List<QueuedJob> jobs(String output) {
        List<QueuedJob> jobs = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.isBlank()) {
                jobs.add(job(line));
            }
        }
        return jobs;
    }

    private static QueuedJob job(String line) {
        String[] f = line.split(String.valueOf(SEPARATOR), FIELDS.size());
        if (f.length < FIELDS.size()) {
            throw new IllegalStateException("squeue printed a line with " + f.length + " of the " + FIELDS.size()
                    + " fields asked for (" + String.join(", ", FIELDS) + "): " + line.replace(SEPARATOR, '|'));
        }
        String comment = f[9].strip();
        return new QueuedJob(f[0].strip(), f[1].strip(), f[2], JobState.parse(f[3]), Path.of(f[4].strip()),
                restarts(f[5]), ScontrolJobParser.instant(f[6].strip()), ScontrolJobParser.instant(f[7].strip()),
                ScontrolJobParser.timeLimit(f[8].strip()), comment.equals("(null)") ? "" : comment);
    }

    private static int restarts(String text) {
        String digits = text.strip();
        return digits.matches("[0-9]+") ? Integer.parseInt(digits) : 0;
    }
}
