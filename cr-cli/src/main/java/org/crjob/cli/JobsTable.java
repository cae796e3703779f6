package org.crjob.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.crjob.engine.jobs.JobRow;
import org.crjob.engine.jobs.LastCheckpoint;
import org.crjob.slurm.SlurmTime;

/**
 * {@code crjob jobs} as text: one line per job in columns that fit 100 characters, then one line for each job whose
 * files were not read, saying why.
 */
final class JobsTable {

    static final String FORMAT = "%-9s %-10s %-9s %3s %3s %-10s %-10s %-9s %-8s %-9s %s";
    private static final int NAME_WIDTH = 10;

    private JobsTable() {
    }

    static List<String> lines(List<JobRow> rows, Instant now) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(FORMAT, "JOBID", "NAME", "STATE", "RUN", "REQ", "BUDGET", "CHECKPOINT", "SIZE",
                "VERIFIED", "DEADLINE", "HEALTH").stripTrailing());
        rows.forEach(row -> lines.add(line(row, now)));
        rows.forEach(row -> row.unreadable().ifPresent(why -> lines.add("job " + row.jobId() + ": not read: " + why)));
        return lines;
    }

    private static String line(JobRow row, Instant now) {
        Optional<LastCheckpoint> last = row.lastCheckpoint();
        String checkpoint = row.unreadable().isPresent() ? "unreadable"
                : last.map(c -> ago(Duration.between(c.created(), now))).orElse("none");
        return String.format(FORMAT, row.jobId(), name(row.name()), row.state(), row.run(), row.requeues(),
                row.budgetLeft().map(SlurmTime::format).orElse("-"), checkpoint,
                last.map(c -> Sizes.human(c.bytes())).orElse("-"), last.map(c -> c.verified() ? "yes" : "NO").orElse("-"),
                row.nextDeadline().map(due -> in(Duration.between(now, due))).orElse("-"), row.health().word());
    }

    private static String name(String name) {
        return name.length() <= NAME_WIDTH ? name : name.substring(0, NAME_WIDTH - 1) + "~";
    }

    /** {@code 45s ago}, {@code 4m ago}, {@code 2h10m ago}, {@code 3d2h ago}. */
    static String ago(Duration age) {
        return age.isNegative() ? "just now" : span(age) + " ago";
    }

    /** {@code in 4m}, {@code in 2h10m}; {@code passed} once it is past. */
    static String in(Duration left) {
        return left.isNegative() ? "passed" : "in " + span(left);
    }

    /** The two largest units of a span of time, as people say them: {@code 45s}, {@code 4m}, {@code 2h10m}. */
    static String span(Duration span) {
        if (span.toDays() > 0) {
            return span.toDays() + "d" + (span.toHoursPart() > 0 ? span.toHoursPart() + "h" : "");
        }
        if (span.toHours() > 0) {
            return span.toHours() + "h" + (span.toMinutesPart() > 0 ? span.toMinutesPart() + "m" : "");
        }
        return span.toMinutes() > 0 ? span.toMinutes() + "m" : span.toSeconds() + "s";
    }
}
