package org.crjob.engine.history;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The report for a terminal: the runs as a table, the totals, the advice. Times in UTC. */
final class HistoryText {
    private static final DateTimeFormatter DAY_AND_CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final String ROW = "%-4s %-19s %-8s %-16s %-8s %s%n";

    private HistoryText() {
    }

    static String render(JobReport report) {
        JobHistory history = report.history();
        StringBuilder out = new StringBuilder();
        out.append(title(history)).append("\n\n");
        out.append(String.format(ROW, "RUN", "START (UTC)", "END", "ENDING", "CHARGED", "CHECKPOINTS"));
        for (Run run : history.runs()) {
            out.append(String.format(ROW, run.number(), DAY_AND_CLOCK.format(run.start()), CLOCK.format(run.end()),
                    run.ending(), seconds(run.charged()), checkpoints(run)));
        }
        out.append('\n');
        totals(report.totals(), out);
        if (!report.advice().isEmpty()) {
            out.append('\n');
            report.advice().forEach(line -> out.append("- ").append(line).append('\n'));
        }
        return out.toString();
    }

    static String title(JobHistory history) {
        return "job " + history.jobId() + (history.command() == null ? "" : ": " + history.command());
    }

    private static String checkpoints(Run run) {
        List<CheckpointMark> marks = run.checkpoints();
        String listed = marks.isEmpty() ? "none" : marks.stream().map(c -> c.failed() ? "FAILED after " + seconds(c.seconds())
                : "#" + c.generation() + " " + seconds(c.seconds())).collect(Collectors.joining(", "));
        return run.restore() == null ? listed : listed + " (restored #" + run.restore().generation()
                + (run.restore().fellBackFrom().isEmpty() ? "" : ", fell back from " + run.restore().fellBackFrom())
                + ")";
    }

    private static void totals(Totals totals, StringBuilder out) {
        String row = "%-22s %s%n";
        out.append(String.format(row, "work time", seconds(totals.workSeconds())));
        out.append(String.format(row, "checkpoint time", seconds(totals.checkpointSeconds()) + " ("
                + plural(totals.checkpoints(), "checkpoint") + (totals.failedCheckpoints() == 0 ? ""
                        : ", " + totals.failedCheckpoints() + " failed") + ")"));
        out.append(String.format(row, "lost per requeue", totals.requeues() == 0 ? "- (no requeue)"
                : seconds(totals.lostPerRequeueSeconds()) + " (" + plural(totals.requeues(), "requeue")
                        + ": last checkpoint, work after it, next start)"));
        out.append(String.format(row, "pending between runs", seconds(totals.pendingSeconds())));
        out.append(String.format(row, "budget used", seconds(totals.budgetUsedSeconds())
                + (totals.budgetLeftSeconds() == null ? "" : ", " + seconds(totals.budgetLeftSeconds()) + " left")));
    }

    /** {@code 2.5 s}, {@code 28 s}, {@code 4m12s}, {@code 2h05m}. */
    static String seconds(double seconds) {
        if (seconds < 10) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long whole = Math.round(seconds);
        if (whole < 60) {
            return whole + " s";
        }
        if (whole < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", whole / 60, whole % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", whole / 3600, whole % 3600 / 60);
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    static String minutes(double seconds) {
        return Math.round(seconds / 60) + " min";
    }

    static String clock(Instant time) {
        return CLOCK.format(time);
    }
}
